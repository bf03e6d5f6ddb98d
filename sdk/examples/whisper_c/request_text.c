#include "request_text.h"

#include <string.h>

/* A cursor over the JSON text; every reader returns 0 on malformed input. */
typedef struct {
    const char* at;
    const char* end;
} Cursor;

static void skip_space(Cursor* c) {
    while (c->at < c->end && (*c->at == ' ' || *c->at == '\t' || *c->at == '\n' || *c->at == '\r'))
        ++c->at;
}

static int expect(Cursor* c, char ch) {
    skip_space(c);
    if (c->at >= c->end || *c->at != ch) return 0;
    ++c->at;
    return 1;
}

/* A string; its decoded bytes are appended to out when out is not NULL (escapes \uXXXX become
 * '?': this example only needs ASCII right). */
static int read_string(Cursor* c, char* out, size_t capacity, size_t* length) {
    if (!expect(c, '"')) return 0;
    while (c->at < c->end && *c->at != '"') {
        char ch = *c->at++;
        if (ch == '\\') {
            if (c->at >= c->end) return 0;
            ch = *c->at++;
            switch (ch) {
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'r': ch = '\r'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'u':
                if (c->end - c->at < 4) return 0;
                c->at += 4;
                ch = '?';
                break;
            default: break; /* \" \\ \/ */
            }
        }
        if (out && *length + 1 < capacity) out[(*length)++] = ch;
    }
    return expect(c, '"');
}

static int skip_value(Cursor* c);

/* Calls visit(key, cursor at the value) for each member; visit must consume the value. */
typedef int (*MemberVisitor)(const char* key, Cursor* c, void* state);
static int read_object(Cursor* c, MemberVisitor visit, void* state) {
    char key[32];
    if (!expect(c, '{')) return 0;
    skip_space(c);
    if (c->at < c->end && *c->at == '}') return expect(c, '}');
    do {
        size_t length = 0;
        if (!read_string(c, key, sizeof key, &length) || !expect(c, ':')) return 0;
        key[length] = '\0';
        if (!(visit ? visit(key, c, state) : skip_value(c))) return 0;
    } while (expect(c, ','));
    return expect(c, '}');
}

typedef int (*ElementVisitor)(Cursor* c, void* state);
static int read_array(Cursor* c, ElementVisitor visit, void* state) {
    if (!expect(c, '[')) return 0;
    skip_space(c);
    if (c->at < c->end && *c->at == ']') return expect(c, ']');
    do {
        if (!(visit ? visit(c, state) : skip_value(c))) return 0;
    } while (expect(c, ','));
    return expect(c, ']');
}

static int skip_value(Cursor* c) {
    skip_space(c);
    if (c->at >= c->end) return 0;
    if (*c->at == '{') return read_object(c, NULL, NULL);
    if (*c->at == '[') return read_array(c, NULL, NULL);
    if (*c->at == '"') {
        size_t ignored = 0;
        return read_string(c, NULL, 0, &ignored);
    }
    while (c->at < c->end && strchr(",}] \t\r\n", *c->at) == NULL)
        ++c->at; /* number, true, ... */
    return 1;
}

/* The message being read: its role, and its text parts gathered into a scratch buffer. */
typedef struct {
    int is_user;
    char text[4096];
    size_t length;
} Message;

static int visit_part_member(const char* key, Cursor* c, void* state) {
    Message* m = (Message*)state;
    if (strcmp(key, "text") == 0) return read_string(c, m->text, sizeof m->text, &m->length);
    return skip_value(c);
}

static int visit_part(Cursor* c, void* state) { return read_object(c, visit_part_member, state); }

static int visit_message_member(const char* key, Cursor* c, void* state) {
    Message* m = (Message*)state;
    if (strcmp(key, "role") == 0) {
        char role[16];
        size_t length = 0;
        if (!read_string(c, role, sizeof role, &length)) return 0;
        m->is_user = length == 4 && memcmp(role, "user", 4) == 0;
        return 1;
    }
    if (strcmp(key, "content") == 0) {
        skip_space(c);
        if (c->at < c->end && *c->at == '"') return read_string(c, m->text, sizeof m->text, &m->length);
        return read_array(c, visit_part, m);
    }
    return skip_value(c);
}

typedef struct {
    char* out;
    size_t capacity;
    long found;
} LastUser;

static int visit_message(Cursor* c, void* state) {
    LastUser* last = (LastUser*)state;
    Message m;
    m.is_user = 0;
    m.length = 0;
    if (!read_object(c, visit_message_member, &m)) return 0;
    if (m.is_user && last->capacity > 0) {
        const size_t n = m.length < last->capacity - 1 ? m.length : last->capacity - 1;
        memcpy(last->out, m.text, n);
        last->out[n] = '\0';
        last->found = (long)n;
    }
    return 1;
}

static int visit_request_member(const char* key, Cursor* c, void* state) {
    if (strcmp(key, "messages") == 0) return read_array(c, visit_message, state);
    return skip_value(c);
}

long last_user_text(const char* json, size_t size, char* out, size_t capacity) {
    Cursor c;
    LastUser last;
    c.at = json;
    c.end = json + size;
    last.out = out;
    last.capacity = capacity;
    last.found = -1;
    if (!read_object(&c, visit_request_member, &last)) return -1;
    return last.found;
}

/* The first member of the configuration's "options" object, for refusing options whisper
 * does not know (it knows none). */
typedef struct {
    char* out;
    size_t capacity;
    int found;
} FirstOption;

static int visit_option(const char* key, Cursor* c, void* state) {
    FirstOption* first = (FirstOption*)state;
    if (!first->found && first->capacity > 0) {
        strncpy(first->out, key, first->capacity - 1);
        first->out[first->capacity - 1] = '\0';
        first->found = 1;
    }
    return skip_value(c);
}

static int visit_config_member(const char* key, Cursor* c, void* state) {
    if (strcmp(key, "options") == 0) {
        skip_space(c);
        if (c->at < c->end && *c->at == 'n') return skip_value(c); /* null: no options */
        return read_object(c, visit_option, state);
    }
    return skip_value(c);
}

int first_option_name(const char* json, size_t size, char* out, size_t capacity) {
    Cursor c;
    FirstOption first;
    c.at = json;
    c.end = json + size;
    first.out = out;
    first.capacity = capacity;
    first.found = 0;
    if (!read_object(&c, visit_config_member, &first)) return -1;
    return first.found;
}
