// A part deflated here with zlib and handed to libzip as already-compressed data (its stat names
// the method, sizes and CRC), so that zip_close() copies it as it copies untouched entries. Used by
// the package patcher and the report's sparkline pass: libzip 1.7 (Debian 12) resets the level of
// an entry it compresses, so it would deflate a 12 MB sheet at level 9 on one core.
#pragma once

#include <zip.h>

#include <ctime>
#include <string>

namespace kpimap::detail {

// A libzip source serving `content` raw-deflated at zlib `level` (large parts in 4 MB blocks on
// up to four threads; the bytes do not depend on the machine), stamped `mtime`. The source owns
// its data (freed by zip_source_free or by the archive). nullptr when zlib or libzip fails.
zip_source_t* make_deflated_source(zip_t* archive, const std::string& content, int level,
                                   time_t mtime);

}  // namespace kpimap::detail
