// The Learning Record Store client: POST {endpoint}/statements with xAPI 1.0.3's headers and
// Basic auth, on libcurl (only http and https; redirects are not followed, so the credentials
// go nowhere but the configured host). Made only when an LRS is configured.
#pragma once

#include "core/xapi/lrs_config.h"
#include "core/xapi/outbox.h"

namespace socsim::xapi {

class LrsClient : public Transport {
public:
    explicit LrsClient(LrsConfig config);
    PostResult post_statements(const std::string& json_array) override;
    std::string describe() const override { return config_.endpoint; }

private:
    LrsConfig config_;
};

// How an LRS's answer is classified (for the client and its tests).
PostResult::Kind classify_status(long http_status);

}  // namespace socsim::xapi
