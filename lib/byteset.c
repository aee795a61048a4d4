/* byteset.c: the byte sets the stages search for (see byteset.h). */
#include "byteset.h"

const odihrx_byteset odihrx_markup_bytes = {
    .bytes = {'*', '_', '<', '&', '[', '\\', '!', '!'},
    .member = {['*'] = 1, ['_'] = 1, ['<'] = 1, ['&'] = 1, ['['] = 1, ['\\'] = 1, ['!'] = 1}};

const odihrx_byteset odihrx_text_escapes = {
    .bytes = {'&', '<', '>', '"', '\r', '&', '&', '&'},
    .member = {['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\r'] = 1}};

const odihrx_byteset odihrx_attr_escapes = {
    .bytes = {'&', '<', '>', '"', '\r', '\t', '\n', '&'},
    .member = {['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\r'] = 1, ['\t'] = 1, ['\n'] = 1}};
