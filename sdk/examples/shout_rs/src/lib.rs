//! An example provider plugin in Rust with `std` alone and the C ABI (provider_abi.h), no
//! crates: it shouts the last user message back, one word per event. The `#[repr(C)]` types
//! mirror the parts of provider_abi.h it uses; the metadata goes in the `.llmhost.meta`
//! section as the C macro LLMH_PLUGIN_METADATA puts it there; build.rs links it with a version
//! script that exports only the entry point.

use std::os::raw::{c_char, c_void};

// ---- provider_abi.h, ABI 1.2: the parts this plugin uses ------------------------------------

const LLMH_ABI_MAJOR: u32 = 1;
const LLMH_ABI_MINOR: u32 = 2;
const LLMH_PLUGIN_COOPERATIVE: u32 = 0x1;

const LLMH_OK: i32 = 0;
const LLMH_ERR_BAD_REQUEST: i32 = 4;
const LLMH_ERR_CANCELLED: i32 = 14;
const LLMH_ERR_INVALID_CONFIG: i32 = 16;

const LLMH_EVENT_MESSAGE_START: i32 = 1;
const LLMH_EVENT_TEXT_DELTA: i32 = 2;
const LLMH_EVENT_FINISH: i32 = 7;
const LLMH_FINISH_STOP: i32 = 1;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct LlmhStr {
    data: *const c_char,
    size: usize,
}

#[repr(C)]
pub struct LlmhError {
    struct_size: u32,
    error_class: i32,
    http_status: i32,
    reserved: i32,
    retry_after_ms: i64,
    message: [c_char; 1024],
}

#[repr(C)]
pub struct LlmhUsage {
    input_tokens: i64,
    output_tokens: i64,
    cached_input_tokens: i64,
    reasoning_tokens: i64,
}

#[repr(C)]
pub struct LlmhEvent {
    struct_size: u32,
    event_type: i32,
    index: i32,
    finish_reason: i32,
    text: LlmhStr,
    id: LlmhStr,
    name: LlmhStr,
    usage: LlmhUsage,
    data: LlmhStr,
    cache_write_tokens: i64,
}

#[repr(C)]
pub struct LlmhEventSink {
    struct_size: u32,
    reserved: u32,
    user: *mut c_void,
    on_event: Option<unsafe extern "C" fn(user: *mut c_void, event: *const LlmhEvent) -> bool>,
}

/// Types this plugin only passes along (or, for the provider, casts to its own).
#[repr(C)]
pub struct LlmhHostServices {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct LlmhCallContext {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct LlmhProvider {
    _opaque: [u8; 0],
}

/// A table entry this plugin leaves NULL (not supported); only its size matters.
type Unsupported = Option<unsafe extern "C" fn()>;

#[repr(C)]
pub struct LlmhPlugin {
    struct_size: u32,
    abi_major: u32,
    abi_minor: u32,
    flags: u32,
    name: LlmhStr,
    version: LlmhStr,
    init: Unsupported,
    create: Option<
        unsafe extern "C" fn(*const LlmhHostServices, LlmhStr, LlmhStr, *mut *mut LlmhProvider, *mut LlmhError) -> i32,
    >,
    destroy: Option<unsafe extern "C" fn(*mut LlmhProvider)>,
    chat: Option<
        unsafe extern "C" fn(
            *mut LlmhProvider,
            *const LlmhCallContext,
            LlmhStr,
            *const LlmhEventSink,
            *mut LlmhError,
        ) -> i32,
    >,
    embed: Unsupported,
    list_models: Unsupported,
    capabilities: Unsupported,
    count_tokens: Unsupported,
    chat_wire: Unsupported,
}

// ---- metadata: readable from the file without loading it ----------------------------------

/// The first line is what LLMH_PLUGIN_METADATA writes ("llmhost-plugin abi=MAJOR.MINOR"), then
/// one JSON object; NUL-terminated like a C string literal.
const METADATA: &[u8] = b"llmhost-plugin abi=1.2\n{\"name\": \"shout-rs\", \"version\": \"1.0.0\",
 \"description\": \"Example plugin in Rust: shouts the prompt back\",
 \"providers\": [{\"id\": \"shout-rs\", \"aliases\": [\"yell-rs\"], \"keyless\": true,
  \"default_model\": \"shout-rs-1\", \"capabilities\": [\"chat\", \"streaming\"],
  \"description\": \"Shouts the last user message, in Rust\"}]}\0";

const fn copied<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = bytes[i];
        i += 1;
    }
    out
}

#[used]
#[link_section = ".llmhost.meta"]
static LLMH_PLUGIN_METADATA: [u8; METADATA.len()] = copied(METADATA);

// ---- a minimal JSON reader, enough for the configuration and the canonical request ---------

enum Json {
    Scalar, // a number, true, false or null: this plugin needs none of their values
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn parse(text: &str) -> Option<Json> {
        let mut p = Parser { bytes: text.as_bytes(), at: 0 };
        let value = p.value()?;
        p.space();
        if p.at == p.bytes.len() {
            Some(value)
        } else {
            None
        }
    }
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }
    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.bytes.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }
    fn value(&mut self) -> Option<Json> {
        self.space();
        match *self.bytes.get(self.at)? {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Some(Json::Object(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    members.push((key, self.value()?));
                    if !self.eat(b',') {
                        return if self.eat(b'}') { Some(Json::Object(members)) } else { None };
                    }
                }
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value()?);
                    if !self.eat(b',') {
                        return if self.eat(b']') { Some(Json::Array(items)) } else { None };
                    }
                }
            }
            b'"' => self.string().map(Json::Str),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => {
                let start = self.at;
                while matches!(self.bytes.get(self.at), Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')) {
                    self.at += 1;
                }
                std::str::from_utf8(&self.bytes[start..self.at]).ok()?.parse::<f64>().ok().map(|_| Json::Scalar)
            }
        }
    }
    fn literal(&mut self, word: &str) -> Option<Json> {
        if !self.bytes[self.at..].starts_with(word.as_bytes()) {
            return None;
        }
        self.at += word.len();
        Some(Json::Scalar)
    }
    fn string(&mut self) -> Option<String> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            match byte {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let escaped = *self.bytes.get(self.at)?;
                    self.at += 1;
                    match escaped {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code) {
                                // A surrogate pair: the low half follows as \uXXXX.
                                if self.bytes.get(self.at..self.at + 2) != Some(&b"\\u"[..]) {
                                    return None;
                                }
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            }
                            let mut buffer = [0u8; 4];
                            out.extend_from_slice(char::from_u32(code)?.encode_utf8(&mut buffer).as_bytes());
                        }
                        other => out.push(other), // \" \\ \/
                    }
                }
                _ => out.push(byte),
            }
        }
    }
    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.bytes.get(self.at..self.at + 4)?).ok()?;
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

// ---- the provider ---------------------------------------------------------------------------

struct Shout {
    suffix: String,
}

fn view(s: &str) -> LlmhStr {
    LlmhStr { data: s.as_ptr() as *const c_char, size: s.len() }
}

/// The text of a borrowed view (None when it is not UTF-8).
unsafe fn text<'a>(s: LlmhStr) -> Option<&'a str> {
    if s.size == 0 {
        return Some("");
    }
    std::str::from_utf8(std::slice::from_raw_parts(s.data as *const u8, s.size)).ok()
}

/// Fills the caller's error (its message NUL-terminated and cut to fit) and returns the class.
unsafe fn fail(error: *mut LlmhError, class: i32, message: &str) -> i32 {
    if let Some(e) = error.as_mut() {
        e.error_class = class;
        e.http_status = 0;
        e.retry_after_ms = -1;
        let n = message.len().min(e.message.len() - 1);
        for (to, from) in e.message.iter_mut().zip(&message.as_bytes()[..n]) {
            *to = *from as c_char;
        }
        e.message[n] = 0;
    }
    class
}

fn event(event_type: i32) -> LlmhEvent {
    let empty = LlmhStr { data: std::ptr::null(), size: 0 };
    LlmhEvent {
        struct_size: std::mem::size_of::<LlmhEvent>() as u32,
        event_type,
        index: 0,
        finish_reason: 0,
        text: empty,
        id: empty,
        name: empty,
        usage: LlmhUsage { input_tokens: 0, output_tokens: 0, cached_input_tokens: 0, reasoning_tokens: 0 },
        data: empty,
        cache_write_tokens: 0,
    }
}

/// Sends one event; false when the host asked to stop.
unsafe fn emit(sink: *const LlmhEventSink, event: &LlmhEvent) -> bool {
    let sink = &*sink;
    match sink.on_event {
        Some(on_event) => on_event(sink.user, event),
        None => false,
    }
}

/// The last user message's text: a string, or its text parts joined.
fn last_user_text(request: &Json) -> Option<String> {
    let messages = match request.get("messages") {
        Some(Json::Array(messages)) => messages,
        _ => return None,
    };
    let message = messages.iter().rev().find(|m| m.get("role").and_then(Json::as_str) == Some("user"))?;
    match message.get("content")? {
        Json::Str(s) => Some(s.clone()),
        Json::Array(parts) => Some(parts.iter().filter_map(|p| p.get("text").and_then(Json::as_str)).collect()),
        _ => None,
    }
}

unsafe extern "C" fn shout_create(
    _services: *const LlmhHostServices,
    _provider_id: LlmhStr,
    config_json: LlmhStr,
    out: *mut *mut LlmhProvider,
    error: *mut LlmhError,
) -> i32 {
    let config = match text(config_json).and_then(Json::parse) {
        Some(config) => config,
        None => return fail(error, LLMH_ERR_INVALID_CONFIG, "the provider configuration is not JSON"),
    };
    let mut suffix = String::from("!");
    if let Some(Json::Object(options)) = config.get("options") {
        for (name, value) in options {
            match (name.as_str(), value) {
                ("suffix", Json::Str(s)) => suffix = s.clone(),
                ("suffix", _) => return fail(error, LLMH_ERR_INVALID_CONFIG, "option 'suffix' must be a string"),
                _ => {
                    let message = format!("unknown option '{}' (known options: suffix)", name);
                    return fail(error, LLMH_ERR_INVALID_CONFIG, &message);
                }
            }
        }
    }
    *out = Box::into_raw(Box::new(Shout { suffix })) as *mut LlmhProvider;
    LLMH_OK
}

unsafe extern "C" fn shout_destroy(provider: *mut LlmhProvider) {
    drop(Box::from_raw(provider as *mut Shout));
}

unsafe extern "C" fn shout_chat(
    provider: *mut LlmhProvider,
    _call: *const LlmhCallContext,
    request_json: LlmhStr,
    sink: *const LlmhEventSink,
    error: *mut LlmhError,
) -> i32 {
    let shout = &*(provider as *const Shout);
    let request = match text(request_json).and_then(Json::parse) {
        Some(request) => request,
        None => return fail(error, LLMH_ERR_BAD_REQUEST, "the chat request is not JSON"),
    };
    let loud = match last_user_text(&request) {
        Some(prompt) => prompt.to_uppercase(),
        None => return fail(error, LLMH_ERR_BAD_REQUEST, "shout-rs needs a user message"),
    };
    let model = match request.get("model").and_then(Json::as_str) {
        Some(model) if !model.is_empty() => model,
        _ => "shout-rs-1",
    };

    let mut start = event(LLMH_EVENT_MESSAGE_START);
    start.id = view("shout-rs-1");
    start.name = view(model);
    if !emit(sink, &start) {
        return fail(error, LLMH_ERR_CANCELLED, "stopped by the host");
    }
    // One word (with the space after it) per event, then the suffix.
    for piece in loud.split_inclusive(' ').chain(std::iter::once(shout.suffix.as_str())) {
        let mut delta = event(LLMH_EVENT_TEXT_DELTA);
        delta.text = view(piece);
        if !piece.is_empty() && !emit(sink, &delta) {
            return fail(error, LLMH_ERR_CANCELLED, "stopped by the host");
        }
    }
    let mut finish = event(LLMH_EVENT_FINISH);
    finish.finish_reason = LLMH_FINISH_STOP;
    emit(sink, &finish);
    LLMH_OK
}

// ---- the entry point: the plugin's one exported symbol ------------------------------------

struct Table(LlmhPlugin);
// The table is immutable and its pointers lead to static data: safe to share between threads.
unsafe impl Sync for Table {}

const NAME: &str = "shout-rs";
const VERSION: &str = "1.0.0";

static TABLE: Table = Table(LlmhPlugin {
    struct_size: std::mem::size_of::<LlmhPlugin>() as u32,
    abi_major: LLMH_ABI_MAJOR,
    abi_minor: LLMH_ABI_MINOR,
    flags: LLMH_PLUGIN_COOPERATIVE, // it never waits
    name: LlmhStr { data: NAME.as_ptr() as *const c_char, size: NAME.len() },
    version: LlmhStr { data: VERSION.as_ptr() as *const c_char, size: VERSION.len() },
    init: None,
    create: Some(shout_create),
    destroy: Some(shout_destroy),
    chat: Some(shout_chat),
    embed: None,
    list_models: None,
    capabilities: None,
    count_tokens: None,
    chat_wire: None,
});

#[no_mangle]
pub extern "C" fn llmh_plugin_v1(_host_abi_minor: u32) -> *const LlmhPlugin {
    &TABLE.0
}
