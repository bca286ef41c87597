// Test support: a ZIP package holding one part, opened with ZipPackage, for the readers that
// take a ZipPartStream (shared strings, worksheets).
#pragma once

#include <memory>
#include <string>

#include "formats/zip/zip_package.hpp"
#include "support/xlsx_builder.hpp"

namespace kpimap::test_support {

class PartPackage {
public:
    PartPackage(const std::string& part, const std::string& content, ReadLimits limits = {})
        : part_(part) {
        const std::string path = dir_.file("part.zip");
        write_zip(path, {ZipEntry{part, content}});
        package_ = std::make_unique<kpimap::detail::ZipPackage>(path, limits);
    }
    kpimap::detail::ZipPartStream open() { return package_->open(part_); }
    kpimap::detail::ZipPackage& package() { return *package_; }

private:
    TempDir dir_;
    std::string part_;
    std::unique_ptr<kpimap::detail::ZipPackage> package_;
};

}  // namespace kpimap::test_support
