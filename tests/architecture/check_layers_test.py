#!/usr/bin/env python3
"""Self-test of check_layers.py: a copy of today's converter/ passes, and each planted wrong-way
include (up a layer, beside a layer, a private header of a higher layer, a construct's _read
file including its _write header), a file without a layer, a file two lines claim, an include of
no file and a cycle in the table are each caught, naming the file."""

import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import check_layers  # noqa: E402


class CheckLayersTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="kpimap-layers-")
        converter = os.path.join(self.root, "converter")
        for tree in check_layers.SOURCE_TREES:
            shutil.copytree(os.path.join(REPO, "converter", tree), os.path.join(converter, tree))
        shutil.copy(os.path.join(REPO, "converter", "layers.txt"), converter)

    def tearDown(self):
        shutil.rmtree(self.root)

    def plant(self, rel, text):
        path = os.path.join(self.root, "converter", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def problems(self):
        return check_layers.check(self.root)

    def assert_caught(self, rel, line, *words):
        problems = self.problems()
        self.assertEqual(len(problems), 1, problems)
        self.assertTrue(problems[0].startswith(f"converter/{rel}:{line}:"), problems[0])
        for word in words:
            self.assertIn(word, problems[0])

    def test_the_tree_as_it_is_passes(self):
        self.assertEqual(self.problems(), [])

    def test_core_including_a_header_of_a_higher_layer_is_caught(self):
        self.plant("src/core/planted.cpp",
                   '#include "kpimap/value.hpp"\n#include "kpimap/convert.hpp"\n')
        self.assert_caught("src/core/planted.cpp", 2, "from layer core to layer convert")

    def test_a_private_header_of_a_higher_layer_is_caught(self):
        self.plant("src/formats/planted.hpp", '#pragma once\n#include "mapping/strict_xml.hpp"\n')
        self.assert_caught("src/formats/planted.hpp", 2, "from layer formats to layer mapping")

    def test_a_header_of_a_layer_beside_is_caught(self):
        # status and reconcile both sit above the model; neither may use the other.
        self.plant("src/status/planted.cpp", '#include "kpimap/reconcile.hpp"\n')
        self.assert_caught("src/status/planted.cpp", 1, "from layer status to layer reconcile")

    def test_a_public_header_reaching_up_is_caught(self):
        self.plant("include/kpimap/value_extra.hpp", '#include "kpimap/mapping.hpp"\n')
        with open(os.path.join(self.root, "converter", "layers.txt"), "a") as f:
            f.write("core owns include/kpimap/value_extra.hpp\n")
        self.assert_caught("include/kpimap/value_extra.hpp", 1, "layer core to layer mapping")

    def test_including_a_lower_layer_passes(self):
        self.plant("src/write/planted.cpp",
                   '#include "core/utf8.hpp"\n#include "kpimap/reconcile.hpp"\n'
                   '#include "kpimap/package_patch.hpp"\n#include <vector>\n')
        self.assertEqual(self.problems(), [])

    def test_a_file_without_a_layer_is_caught(self):
        self.plant("src/newstage/planted.cpp", '#include "kpimap/model.hpp"\n')
        problems = self.problems()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("converter/src/newstage/planted.cpp: belongs to no layer", problems[0])

    def test_an_include_of_no_file_is_caught(self):
        self.plant("src/convert/planted.cpp", '#include "convert/no_such_header.hpp"\n')
        self.assert_caught("src/convert/planted.cpp", 1, "is no file")

    def test_construct_files_take_the_layer_of_their_suffix(self):
        # A construct folder's _parse file is mapping, its _read file convert, its _write file
        # write: a reader may use the parser's header, the writer the reader's.
        self.plant("src/constructs/planted/planted_parse.hpp", '#include "kpimap/mapping.hpp"\n')
        self.plant("src/constructs/planted/planted_read.hpp",
                   '#include "constructs/planted/planted_parse.hpp"\n')
        self.plant("src/constructs/planted/planted_write.cpp",
                   '#include "constructs/planted/planted_read.hpp"\n'
                   '#include "kpimap/package_patch.hpp"\n')
        self.assertEqual(self.problems(), [])

    def test_a_read_file_including_a_write_header_is_caught(self):
        self.plant("src/constructs/planted/planted_write.hpp", '#pragma once\n')
        self.plant("src/constructs/planted/planted_read.cpp",
                   '#include "kpimap/convert.hpp"\n'
                   '#include "constructs/planted/planted_write.hpp"\n')
        self.assert_caught("src/constructs/planted/planted_read.cpp", 2,
                           "from layer convert to layer write")

    def test_a_parse_file_including_a_read_header_is_caught(self):
        self.plant("src/constructs/planted/planted_read.hpp", '#pragma once\n')
        self.plant("src/constructs/planted/planted_parse.cpp",
                   '#include "constructs/planted/planted_read.hpp"\n')
        self.assert_caught("src/constructs/planted/planted_parse.cpp", 1,
                           "from layer mapping to layer convert")

    def test_a_construct_file_without_a_layer_suffix_is_caught(self):
        self.plant("src/constructs/planted/planted_helpers.cpp", '#include "kpimap/model.hpp"\n')
        problems = self.problems()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("converter/src/constructs/planted/planted_helpers.cpp: belongs to no layer",
                      problems[0])

    def test_a_file_two_lines_claim_is_caught(self):
        # A pattern reaching into a folder another layer owns would build the file twice.
        with open(os.path.join(self.root, "converter", "layers.txt"), "a") as f:
            f.write("write owns src/convert/planted_*.cpp\n")
        self.plant("src/convert/planted_reader.cpp", '#include "kpimap/convert.hpp"\n')
        problems = self.problems()
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("converter/src/convert/planted_reader.cpp: belongs to two lines", problems[0])

    def test_a_cycle_in_the_table_is_caught(self):
        with open(os.path.join(self.root, "converter", "layers.txt"), "a") as f:
            f.write("core uses write\n")
        with self.assertRaisesRegex(check_layers.TableError, "cycle"):
            self.problems()


if __name__ == "__main__":
    unittest.main(verbosity=2)
