// Test files in the OLE2 compound file container (the encrypted-package wrapper Excel writes).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>

namespace kpimap::test_support {

// A minimal OLE compound file: header and one directory sector naming the streams Excel writes
// for an encrypted package.
inline std::string minimal_encrypted_ole() {
    std::string file(1024, '\0');
    const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    std::copy(magic, magic + 8, file.begin());
    file[0x18] = 0x3E;    // minor version
    file[0x1A] = 0x03;    // major version 3
    file[0x1C] = '\xFE';  // little-endian byte order mark
    file[0x1D] = '\xFF';
    file[0x1E] = 0x09;  // 512-byte sectors
    file[0x20] = 0x06;
    auto entry = [&](std::size_t index, const std::string& name, char type) {
        const std::size_t at = 512 + index * 128;
        for (std::size_t i = 0; i < name.size(); ++i) file[at + 2 * i] = name[i];
        file[at + 64] = static_cast<char>((name.size() + 1) * 2);
        file[at + 66] = type;
    };
    entry(0, "Root Entry", 5);
    entry(1, "EncryptionInfo", 2);
    entry(2, "EncryptedPackage", 2);
    return file;
}

}  // namespace kpimap::test_support
