// SHA-256 for the BagIt manifests and the packs' input digests, computed by OpenSSL's libcrypto.
#include "docket/archive.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace docket {

namespace {

std::string hex_of(const unsigned char* digest, unsigned int length) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xf];
    }
    return out;
}

} // namespace

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
    return hex_of(digest, length);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
    if (!context_ || EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL EVP_DigestInit_ex)");
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(context_);
}

Sha256& Sha256::add(std::string_view data) {
    if (EVP_DigestUpdate(context_, data.data(), data.size()) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL EVP_DigestUpdate)");
    return *this;
}

Sha256& Sha256::field(std::string_view data) {
    const std::uint64_t size = data.size();
    char length[8];
    for (int k = 0; k < 8; ++k)
        length[k] = static_cast<char>(size >> (8 * k));
    return add({length, 8}).add(data);
}

std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_, digest, &length) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL EVP_DigestFinal_ex)");
    return hex_of(digest, length);
}

} // namespace docket
