#include "converse_models.hpp"

namespace llmhost::bedrock {

bool is_anthropic_model(std::string_view model) { return model.find("anthropic.") != std::string_view::npos; }
bool is_nova_model(std::string_view model) { return model.find("amazon.nova") != std::string_view::npos; }

bool takes_signed_reasoning(std::string_view model) {
    return is_anthropic_model(model) ||
           (model.starts_with("arn:") && model.find("foundation-model/") == std::string_view::npos);
}

} // namespace llmhost::bedrock
