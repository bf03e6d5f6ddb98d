/* Reads what whisper needs from the host's JSON texts, as a C plugin without a JSON library
 * can: a small reader that walks the document once. */
#ifndef WHISPER_REQUEST_TEXT_H
#define WHISPER_REQUEST_TEXT_H

#include <stddef.h>

/* Writes the last user message's text parts, joined, into out (NUL-terminated, cut to fit)
 * and returns its length; -1 when the request is not valid JSON or has no user message. */
long last_user_text(const char* json, size_t size, char* out, size_t capacity);

/* Writes the name of the first member of a provider configuration's "options" into out
 * (NUL-terminated, cut to fit) and returns 1; 0 when there are none; -1 when the
 * configuration is not valid JSON. */
int first_option_name(const char* json, size_t size, char* out, size_t capacity);

#endif
