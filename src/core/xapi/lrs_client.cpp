#include "core/xapi/lrs_client.h"

#include <curl/curl.h>

#include <mutex>

namespace socsim::xapi {

namespace {

std::size_t keep_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    const std::size_t n = size * count;
    // Only the start of an answer is kept: it is for the message, and an LRS has no reason to
    // send a long one.
    if (body->size() < 4096) body->append(data, std::min(n, 4096 - body->size()));
    return n;
}

// The first line of an LRS's error answer, made printable, for the message.
std::string excerpt(const std::string& body) {
    std::string line = body.substr(0, body.find_first_of("\r\n"));
    if (line.size() > 300) line = line.substr(0, 300) + "...";
    for (char& c : line)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return line;
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

PostResult::Kind classify_status(long status) {
    if (status >= 200 && status < 300) return PostResult::Kind::Taken;
    if (status == 401 || status == 403) return PostResult::Kind::Misconfigured;
    if (status == 408 || status == 429 || status >= 500 || status < 200) return PostResult::Kind::Unreachable;
    // Redirects are not followed (the credentials would go with them): the endpoint is wrong,
    // which only a person can fix, so it is treated like a refusal of the credentials: stop.
    if (status >= 300 && status < 400) return PostResult::Kind::Misconfigured;
    return PostResult::Kind::Refused;
}

LrsClient::LrsClient(LrsConfig config) : config_(std::move(config)) { global_init(); }

PostResult LrsClient::post_statements(const std::string& json_array) {
    PostResult result;
    CURL* curl = curl_easy_init();
    if (!curl) {
        result.message = "cannot start an HTTP client";
        return result;
    }
    const std::string url = config_.endpoint + "statements";
    std::string body;
    char error[CURL_ERROR_SIZE] = "";
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
    headers = curl_slist_append(headers, "X-Experience-API-Version: 1.0.3");
    headers = curl_slist_append(headers, "Accept: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.key.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.secret.reveal_for_http().c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json_array.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json_array.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<Millis>(config_.timeout, 10 * kSecond)));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "socsim");
    const CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        // libcurl's words name the host and the cause ("Failed to connect to lrs port 443 after
        // 3 ms: Connection refused"), never the credentials.
        result.kind = PostResult::Kind::Unreachable;
        result.message = error[0] ? error : curl_easy_strerror(rc);
    } else {
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        result.http_status = static_cast<int>(status);
        result.kind = classify_status(status);
        if (result.kind != PostResult::Kind::Taken) result.message = excerpt(body);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return result;
}

}  // namespace socsim::xapi
