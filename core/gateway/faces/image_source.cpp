#include "core/gateway/faces/image_source.hpp"

#include "core/gateway/gateway_error.hpp"

namespace llmhost::gateway {

ContentPart image_from_url(std::string_view url, const std::string& where) {
    ContentPart part;
    part.kind = ContentPart::Kind::image;
    if (url.starts_with("data:")) {
        // data:<media type>;base64,<data>
        const auto comma = url.find(',');
        const std::string_view meta = url.substr(5, comma == std::string_view::npos ? 0 : comma - 5);
        if (comma == std::string_view::npos || !meta.ends_with(";base64"))
            throw_invalid("'" + where + "' must be a base64 data: URL (data:image/png;base64,...)", where);
        part.media_type = std::string(meta.substr(0, meta.size() - 7));
        part.data = std::string(url.substr(comma + 1));
        if (part.data.empty()) throw_invalid("'" + where + "' holds no image data", where);
        return part;
    }
    if (!url.starts_with("http://") && !url.starts_with("https://"))
        throw_invalid("'" + where + "' must be an http(s) URL or a data: URL", where);
    part.url = std::string(url);
    return part;
}

} // namespace llmhost::gateway
