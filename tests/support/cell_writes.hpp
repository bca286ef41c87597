// What the patch_workbook() tests write and read back: cell writes, and the parts of a package
// as the reader inflates them.
#pragma once

#include <map>
#include <string>

#include "formats/zip/zip_package.hpp"
#include "kpimap/package_patch.hpp"

namespace kpimap::test_support {

// A number written into `a1` of `sheet`.
inline CellWrite number(const std::string& sheet, const std::string& a1, double value) {
    CellWrite w;
    w.sheet = sheet;
    w.cell = *parse_a1(a1);
    w.kind = CellWrite::Kind::number;
    w.number = value;
    return w;
}

// A text written into `a1` of `sheet`.
inline CellWrite text(const std::string& sheet, const std::string& a1, const std::string& value) {
    CellWrite w = number(sheet, a1, 0);
    w.kind = CellWrite::Kind::text;
    w.text = value;
    return w;
}

// One part of the package at `path`, inflated.
inline std::string part_of(const std::string& path, const std::string& part) {
    return detail::ZipPackage(path, ReadLimits{}).read(part);
}

// Every part of the package at `path`, by name.
inline std::map<std::string, std::string> parts_of(const std::string& path) {
    detail::ZipPackage package(path, ReadLimits{});
    std::map<std::string, std::string> out;
    for (const std::string& name : package.names()) out[name] = package.read(name);
    return out;
}

}  // namespace kpimap::test_support
