// BagIt (RFC 8493): a payload under data/, described by tag files whose checksums make the
// whole bag verifiable with nothing more than `sha256sum -c`.
#include "docket/archive.h"

#include "bag.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace docket {

namespace {

// A tag value on one line: line breaks become spaces.
std::string one_line(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '\r', ' ');
    return s;
}

// A path as a manifest line holds it (RFC 8493 2.1.3): '%', CR and LF percent-encoded. Names
// with CR or LF never get here (the zip writer refuses control characters), so only a name with
// '%' differs from what `sha256sum -c` expects.
std::string manifest_path(std::string_view path) {
    std::string out;
    for (char c : path)
        out += c == '%' ? "%25" : c == '\r' ? "%0D" : c == '\n' ? "%0A" : std::string(1, c);
    return out;
}

std::string decoded_manifest_path(std::string_view line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const std::string_view code = line.substr(i, 3);
        if (code == "%25" || code == "%0D" || code == "%0A") {
            out += code == "%25" ? '%' : code == "%0D" ? '\r' : '\n';
            i += 2;
        } else {
            out += line[i];
        }
    }
    return out;
}

std::string manifest_of(const std::vector<const ArchiveEntry*>& files, std::size_t root_length) {
    std::string out;
    for (const ArchiveEntry* f : files)
        out += sha256_hex(f->content) + "  " +
               manifest_path(std::string_view(f->path).substr(root_length)) + "\n";
    return out;
}

} // namespace

std::vector<ArchiveEntry> make_bag(const std::string& root, std::vector<ArchiveEntry> payload,
                                   const BagInfo& info) {
    const std::string prefix = root.empty() ? "" : root + "/";
    std::uint64_t bytes = 0;
    for (auto& e : payload) {
        e.path = prefix + "data/" + e.path;
        bytes += e.content.size();
    }
    std::sort(payload.begin(), payload.end(),
              [](const ArchiveEntry& a, const ArchiveEntry& b) { return a.path < b.path; });

    std::vector<const ArchiveEntry*> data;
    for (const auto& e : payload)
        data.push_back(&e);
    ArchiveEntry manifest{prefix + "manifest-sha256.txt", manifest_of(data, prefix.size()), false};

    ArchiveEntry bagit{prefix + "bagit.txt",
                       "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", false};
    std::string text;
    auto tag = [&](const char* name, const std::string& value) {
        if (!value.empty()) text += std::string(name) + ": " + one_line(value) + "\n";
    };
    tag("Source-Organization", info.source_organization);
    tag("External-Identifier", info.external_identifier);
    tag("External-Description", info.external_description);
    tag("Bagging-Date", info.bagging_date);
    tag("Payload-Oxum", std::to_string(bytes) + "." + std::to_string(payload.size()));
    for (const auto& d : info.diarienummer)
        tag("Diarienummer", d);
    tag("Bag-Software-Agent", "docket");
    ArchiveEntry bag_info{prefix + "bag-info.txt", std::move(text), false};

    ArchiveEntry tagmanifest{prefix + "tagmanifest-sha256.txt",
                             manifest_of({&bagit, &bag_info, &manifest}, prefix.size()), false};

    std::vector<ArchiveEntry> out = std::move(payload);
    out.push_back(std::move(bagit));
    out.push_back(std::move(bag_info));
    out.push_back(std::move(manifest));
    out.push_back(std::move(tagmanifest));
    return out;
}

bool is_tag_file(std::string_view path) {
    const std::string_view name = path.substr(path.rfind('/') + 1);
    return name == "bagit.txt" || name == "bag-info.txt" || name == "manifest-sha256.txt" ||
           name == "tagmanifest-sha256.txt";
}

bool verify_bags(const std::map<std::string, BagEntry>& entries, const std::string& archive,
                 Diagnostics& diags) {
    bool ok = true;
    auto problem = [&](const std::string& message) {
        diags.error(archive, 0, 0, message);
        ok = false;
    };
    for (const auto& [path, declaration] : entries) {
        if (path != "bagit.txt" && !path.ends_with("/bagit.txt")) continue;
        const std::string root = path.substr(0, path.size() - std::string_view("bagit.txt").size());
        // Checks every "<sha256>  <path>" line of a manifest; returns the paths it lists.
        auto check = [&](const std::string& manifest_name) {
            std::set<std::string> listed;
            auto m = entries.find(root + manifest_name);
            if (m == entries.end()) {
                problem("bag \"" + root + "\" has no " + manifest_name);
                return listed;
            }
            std::istringstream lines(m->second.text);
            std::string line;
            while (std::getline(lines, line)) {
                const auto gap = line.find("  ");
                if (gap != 64) {
                    problem(root + manifest_name + ": malformed line \"" + line + "\"");
                    continue;
                }
                const std::string file =
                    decoded_manifest_path(std::string_view(line).substr(gap + 2));
                listed.insert(file);
                auto e = entries.find(root + file);
                if (e == entries.end())
                    problem(root + manifest_name + " lists \"" + file +
                            "\", which the zip does not hold");
                else if (e->second.sha256 != line.substr(0, 64))
                    problem(root + manifest_name + ": checksum of \"" + file + "\" differs");
            }
            return listed;
        };
        const auto payload = check("manifest-sha256.txt");
        const auto tags = check("tagmanifest-sha256.txt");
        std::uint64_t bytes = 0, files = 0;
        for (auto it = entries.lower_bound(root + "data/");
             it != entries.end() && it->first.starts_with(root + "data/"); ++it) {
            bytes += it->second.size;
            ++files;
            if (!payload.contains(it->first.substr(root.size())))
                problem("bag \"" + root + "\": payload file \"" + it->first +
                        "\" is not in manifest-sha256.txt");
        }
        for (const char* tag_file : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"})
            if (!tags.contains(tag_file))
                problem("bag \"" + root + "\": " + tag_file + " is not in tagmanifest-sha256.txt");
        auto info = entries.find(root + "bag-info.txt");
        const std::string oxum =
            "Payload-Oxum: " + std::to_string(bytes) + "." + std::to_string(files) + "\n";
        if (info == entries.end() || info->second.text.find(oxum) == std::string::npos)
            problem("bag \"" + root + "\": Payload-Oxum does not match the payload (" +
                    std::to_string(bytes) + " bytes in " + std::to_string(files) + " files)");
        if (!declaration.text.starts_with("BagIt-Version: "))
            problem(path + " does not declare BagIt-Version");
    }
    return ok;
}

} // namespace docket
