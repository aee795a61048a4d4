/* diff_stopwords.h: the words of grammars/stopwords.txt (see the comments
 * there), compiled in until the build embeds that file. Regenerate the list
 * after editing it, e.g. with
 *   awk '!/^#/ && NF { printf "\"%s\", ", $0 }' grammars/stopwords.txt
 * tests/test_diff.py fails when the two differ. */
#ifndef ODIHRX_DIFF_STOPWORDS_H
#define ODIHRX_DIFF_STOPWORDS_H

/* clang-format off */
static const char *const dx_stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "cannot", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
    "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
    "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once",
    "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she",
    "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "also",
    "well", "upon", "within", "without", "via", "etc", "should", "could", "may", "might",
    "must", "shall", "ensure", "consider", "consideration", "given", "revise", "review",
    "amend", "enhance", "improve", "strengthen", "increase", "introduce", "provide",
    "undertake", "take", "make", "continue", "effort", "measure", "relevant", "appropriate",
    "necessary", "including", "include", "related", "relation", "regard", "order", "view",
    "line", "way", "particular", "particularly", "especially", "authorities", "и", "в",
    "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то",
    "все", "она", "так", "его", "но", "да", "ты", "к", "у", "же", "вы",
    "за", "бы", "по", "только", "ее", "мне", "было", "вот", "от",
    "меня", "еще", "нет", "о", "из", "ему", "теперь", "когда",
    "даже", "ну", "ли", "если", "уже", "или", "ни", "быть", "был",
    "него", "до", "вас", "нибудь", "опять", "уж", "вам", "ведь",
    "там", "потом", "себя", "ничего", "ей", "может", "они",
    "тут", "где", "есть", "надо", "ней", "для", "мы", "тебя", "их",
    "чем", "была", "сам", "чтоб", "без", "будто", "чего", "раз",
    "тоже", "себе", "под", "будет", "ж", "тогда", "кто", "этот",
    "того", "потому", "этого", "какой", "совсем", "ним",
    "здесь", "этом", "один", "почти", "мой", "тем", "чтобы",
    "нее", "были", "куда", "зачем", "всех", "никогда", "можно",
    "при", "наконец", "два", "об", "другой", "хоть", "после",
    "над", "больше", "тот", "через", "эти", "нас", "про",
    "всего", "них", "какая", "много", "разве", "три", "эту",
    "моя", "впрочем", "хорошо", "свою", "этой", "перед",
    "иногда", "лучше", "чуть", "том", "нельзя", "такой", "им",
    "более", "всегда", "конечно", "всю", "между", "также",
    "следует", "должны", "должен", "рекомендуется",
    "обеспечить", "рассмотреть", "пересмотреть",
    "рассмотрение", "внести", "целью", "соответствии",
    "числе",
};
/* clang-format on */

#endif
