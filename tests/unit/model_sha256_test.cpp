// SHA-256 against the FIPS 180-2 example vectors.
#include <gtest/gtest.h>

#include "core/sha256.h"
#include "tests/support/test_support.h"

using core::Sha256;
using core::sha256_hex;

TEST(Sha256, FipsExampleVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, IncrementalUpdatesInOddPiecesEqualOneShot) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += char('a' + i % 26);
  for (std::size_t piece : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 127u}) {
    Sha256 h;
    for (std::size_t i = 0; i < text.size(); i += piece) h.update(std::string_view(text).substr(i, piece));
    EXPECT_EQ(h.hex(), sha256_hex(text)) << piece;
  }
}

TEST(Sha256, FileHashEqualsTextHash) {
  testsupport::TempDir dir;
  testsupport::write_file(dir / "f", std::string(3'000'000, 'x'));
  auto h = core::sha256_file(dir / "f");
  ASSERT_TRUE(h);
  EXPECT_EQ(*h, sha256_hex(std::string(3'000'000, 'x')));
  EXPECT_FALSE(core::sha256_file(dir / "missing"));
}
