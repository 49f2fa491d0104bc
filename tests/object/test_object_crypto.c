/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * test_object_crypto.c - Debian's libcrypto.a (libssl-dev, OpenSSL 3) linked at run time with
 * member selection: only the members the required entry points need are taken out of the
 * archive (the default provider included, which the EVP calls fetch their algorithms from),
 * the C library comes from this process.  SHA-256 and AES-256-GCM results are compared with
 * published test vectors.
 *
 * Exit handlers.  OpenSSL's first initialisation registers OPENSSL_cleanup with atexit(), and
 * the process would call it at exit, long after the image was released and unmapped.  So
 * every test initialises it first, through the image, with OPENSSL_INIT_NO_ATEXIT (and tears
 * it down with OPENSSL_cleanup while the image is still mapped), and the atexit the image
 * binds to is this program's recorder below, never the process's real exit list: a handler
 * that got registered anyway fails the test instead of crashing the process at exit.
 * test_atexit_hazard shows what the flag prevents.
 *
 * The prototypes and constants come from the system's OpenSSL headers, installed by the same
 * package as the archive; this program never links OpenSSL itself.
 *
 * Arguments: FIXTURE_DIR TOOLCHAIN LIBCRYPTO_A HOST_KIND (pie | fpic | nopie, debian_archive.h).
 */
#define _GNU_SOURCE /* dl_iterate_phdr (debian_archive.h) */
#include "testutil.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>

#include "debian_archive.h"

/* ---------------------------------------------------------------- atexit for the image */

/* A static link takes atexit from libc_nonshared.a (libc.so does not export it: it is a call
 * of __cxa_atexit with the executable's __dso_handle), so the image needs it supplied; it gets
 * this one, which records instead of registering. */
enum { MAX_HANDLERS = 4 };
static void (*exit_handlers[MAX_HANDLERS])(void);
static int exit_handler_count;

static int record_atexit(void (*fn)(void))
{
    if (exit_handler_count == MAX_HANDLERS)
        return -1;
    exit_handlers[exit_handler_count++] = fn;
    return 0;
}

/* pre_find: before every scope, so that no atexit of the process can ever be bound instead */
static int supply_atexit(void *user, const char *name, const char *version,
                         struct elfld_found *out)
{
    (void)user;
    (void)version;
    if (strcmp(name, "atexit") != 0)
        return 0;
    out->addr = (void *)record_atexit;
    out->size = 0;
    return 1;
}

/* ---------------------------------------------------------------- the image */

struct crypto_api {
    int (*init_crypto)(uint64_t, const OPENSSL_INIT_SETTINGS *);
    void (*cleanup)(void);
    const char *(*version)(int);
    unsigned long (*version_num)(void);
    const EVP_MD *(*sha256)(void);
    int (*digest)(const void *, size_t, unsigned char *, unsigned int *, const EVP_MD *,
                  ENGINE *);
    EVP_MD_CTX *(*md_ctx_new)(void);
    void (*md_ctx_free)(EVP_MD_CTX *);
    int (*digest_init)(EVP_MD_CTX *, const EVP_MD *, ENGINE *);
    int (*digest_update)(EVP_MD_CTX *, const void *, size_t);
    int (*digest_final)(EVP_MD_CTX *, unsigned char *, unsigned int *);
    EVP_CIPHER_CTX *(*cipher_ctx_new)(void);
    void (*cipher_ctx_free)(EVP_CIPHER_CTX *);
    int (*cipher_ctx_ctrl)(EVP_CIPHER_CTX *, int, int, void *);
    const EVP_CIPHER *(*aes_256_gcm)(void);
    int (*encrypt_init)(EVP_CIPHER_CTX *, const EVP_CIPHER *, ENGINE *, const unsigned char *,
                        const unsigned char *);
    int (*encrypt_update)(EVP_CIPHER_CTX *, unsigned char *, int *, const unsigned char *, int);
    int (*encrypt_final)(EVP_CIPHER_CTX *, unsigned char *, int *);
    int (*decrypt_init)(EVP_CIPHER_CTX *, const EVP_CIPHER *, ENGINE *, const unsigned char *,
                        const unsigned char *);
    int (*decrypt_update)(EVP_CIPHER_CTX *, unsigned char *, int *, const unsigned char *, int);
    int (*decrypt_final)(EVP_CIPHER_CTX *, unsigned char *, int *);
};


static const char *const required[] = {
    "OPENSSL_init_crypto", "OPENSSL_cleanup", "OpenSSL_version", "OpenSSL_version_num",
    "EVP_sha256", "EVP_Digest", "EVP_MD_CTX_new", "EVP_MD_CTX_free", "EVP_DigestInit_ex",
    "EVP_DigestUpdate", "EVP_DigestFinal_ex", "EVP_CIPHER_CTX_new", "EVP_CIPHER_CTX_free",
    "EVP_CIPHER_CTX_ctrl", "EVP_aes_256_gcm", "EVP_EncryptInit_ex", "EVP_EncryptUpdate",
    "EVP_EncryptFinal_ex", "EVP_DecryptInit_ex", "EVP_DecryptUpdate", "EVP_DecryptFinal_ex",
};

static elfld_lib *load_crypto(struct tu_env *env, struct crypto_api *api)
{
    exit_handler_count = 0;
    elfld_lib *lib = archive_load(env, required, sizeof required / sizeof required[0],
                                  supply_atexit);

    LOOKUP(lib, api->init_crypto, OPENSSL_init_crypto);
    LOOKUP(lib, api->cleanup, OPENSSL_cleanup);
    LOOKUP(lib, api->version, OpenSSL_version);
    LOOKUP(lib, api->version_num, OpenSSL_version_num);
    LOOKUP(lib, api->sha256, EVP_sha256);
    LOOKUP(lib, api->digest, EVP_Digest);
    LOOKUP(lib, api->md_ctx_new, EVP_MD_CTX_new);
    LOOKUP(lib, api->md_ctx_free, EVP_MD_CTX_free);
    LOOKUP(lib, api->digest_init, EVP_DigestInit_ex);
    LOOKUP(lib, api->digest_update, EVP_DigestUpdate);
    LOOKUP(lib, api->digest_final, EVP_DigestFinal_ex);
    LOOKUP(lib, api->cipher_ctx_new, EVP_CIPHER_CTX_new);
    LOOKUP(lib, api->cipher_ctx_free, EVP_CIPHER_CTX_free);
    LOOKUP(lib, api->cipher_ctx_ctrl, EVP_CIPHER_CTX_ctrl);
    LOOKUP(lib, api->aes_256_gcm, EVP_aes_256_gcm);
    LOOKUP(lib, api->encrypt_init, EVP_EncryptInit_ex);
    LOOKUP(lib, api->encrypt_update, EVP_EncryptUpdate);
    LOOKUP(lib, api->encrypt_final, EVP_EncryptFinal_ex);
    LOOKUP(lib, api->decrypt_init, EVP_DecryptInit_ex);
    LOOKUP(lib, api->decrypt_update, EVP_DecryptUpdate);
    LOOKUP(lib, api->decrypt_final, EVP_DecryptFinal_ex);
    return lib;
}

/* The first call into OpenSSL: no exit handler (see the header), and no configuration file,
 * so that what the machine's openssl.cnf says cannot change what the test runs. */
static void init_crypto(const struct crypto_api *api)
{
    assert_int_equal(api->init_crypto(OPENSSL_INIT_NO_ATEXIT | OPENSSL_INIT_NO_LOAD_CONFIG,
                                      NULL),
                     1);
}

/* OpenSSL's own teardown while its code is still mapped (what the exit handler would have
 * done: it also deletes the thread-local key whose destructor lies in the image), then the
 * image goes.  Nothing may have been registered for exit. */
static void finish(const struct crypto_api *api, elfld_lib *lib)
{
    assert_int_equal(exit_handler_count, 0);
    api->cleanup();
    elfld_release(lib);
}

/* ---------------------------------------------------------------- helpers */

static size_t unhex(const char *hex, unsigned char *out, size_t cap)
{
    size_t n = strlen(hex) / 2;
    assert_true(strlen(hex) % 2 == 0 && n <= cap);
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        for (int j = 0; j < 2; j++) {
            char c = hex[2 * i + j];
            unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                         : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                                                : 16;
            assert_true(d < 16);
            v = v * 16 + d;
        }
        out[i] = (unsigned char)v;
    }
    return n;
}

static void assert_hex_equal(const unsigned char *got, size_t len, const char *want_hex)
{
    unsigned char want[128];
    size_t n = unhex(want_hex, want, sizeof want);
    assert_int_equal(len, n);
    assert_memory_equal(got, want, n);
}

/* ---------------------------------------------------------------- SHA-256 */

/* FIPS 180-2, appendix B: SHA-256 of "abc" (one block), of the 448-bit message (two blocks)
 * and of one million 'a' (fed in pieces, through the streaming calls). */
static void test_sha256(void **state)
{
    struct tu_env *env = *state;
    struct crypto_api api;
    elfld_lib *lib = load_crypto(env, &api);
    init_crypto(&api);

    /* the image is the library the headers describe */
    assert_string_equal(api.version(OPENSSL_VERSION), OPENSSL_VERSION_TEXT);
    assert_int_equal(api.version_num(), OPENSSL_VERSION_NUMBER);

    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    assert_int_equal(api.digest("abc", 3, md, &len, api.sha256(), NULL), 1);
    assert_hex_equal(md, len, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    len = 0;
    assert_int_equal(api.digest(two_blocks, strlen(two_blocks), md, &len, api.sha256(), NULL), 1);
    assert_hex_equal(md, len, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

    char piece[1000];
    memset(piece, 'a', sizeof piece);
    EVP_MD_CTX *ctx = api.md_ctx_new();
    assert_non_null(ctx);
    assert_int_equal(api.digest_init(ctx, api.sha256(), NULL), 1);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(api.digest_update(ctx, piece, sizeof piece), 1);
    len = 0;
    assert_int_equal(api.digest_final(ctx, md, &len), 1);
    api.md_ctx_free(ctx);
    assert_hex_equal(md, len, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

    /* member selection: PKCS#12 and CMS are in the archive, nothing required needs them */
    assert_null(elfld_sym(lib, "PKCS12_parse"));
    assert_null(elfld_sym(lib, "CMS_sign"));
    finish(&api, lib);
}

/* ---------------------------------------------------------------- AES-256-GCM */

/* Test cases 14 and 16 of the GCM specification (McGrew and Viega, as published by NIST with
 * SP 800-38D): AES-256, 96-bit IV; 16 has additional authenticated data. */
static const struct gcm_vector {
    const char *key, *iv, *aad, *plain, *cipher, *tag;
} gcm_vectors[] = {
    {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "000000000000000000000000",
        "",
        "00000000000000000000000000000000",
        "cea7403d4d606b6e074ec5d3baf39d18",
        "d0d1c8a799996bf0265b98b5d48ab919",
    },
    {
        "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "cafebabefacedbaddecaf888",
        "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
        "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
        "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b",
    },
};

struct gcm_bytes {
    unsigned char key[32], iv[12], aad[64], plain[64], cipher[64], tag[16];
    size_t aad_len, plain_len;
};

static void gcm_decode(const struct gcm_vector *v, struct gcm_bytes *b)
{
    assert_int_equal(unhex(v->key, b->key, sizeof b->key), sizeof b->key);
    assert_int_equal(unhex(v->iv, b->iv, sizeof b->iv), sizeof b->iv);
    b->aad_len = unhex(v->aad, b->aad, sizeof b->aad);
    b->plain_len = unhex(v->plain, b->plain, sizeof b->plain);
    assert_int_equal(unhex(v->cipher, b->cipher, sizeof b->cipher), b->plain_len);
    assert_int_equal(unhex(v->tag, b->tag, sizeof b->tag), sizeof b->tag);
}

/* Decrypt `b->cipher` with `tag`; returns EVP_DecryptFinal_ex's verdict (1: tag verified). */
static int gcm_decrypt(const struct crypto_api *api, const struct gcm_bytes *b,
                       const unsigned char *tag, unsigned char *plain)
{
    EVP_CIPHER_CTX *ctx = api->cipher_ctx_new();
    assert_non_null(ctx);
    int n = 0, fin = 0;
    assert_int_equal(api->decrypt_init(ctx, api->aes_256_gcm(), NULL, NULL, NULL), 1);
    assert_int_equal(api->cipher_ctx_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)sizeof b->iv, NULL),
                     1);
    assert_int_equal(api->decrypt_init(ctx, NULL, NULL, b->key, b->iv), 1);
    if (b->aad_len)
        assert_int_equal(api->decrypt_update(ctx, NULL, &n, b->aad, (int)b->aad_len), 1);
    assert_int_equal(api->decrypt_update(ctx, plain, &n, b->cipher, (int)b->plain_len), 1);
    assert_int_equal(n, b->plain_len);
    assert_int_equal(api->cipher_ctx_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)tag), 1);
    int verdict = api->decrypt_final(ctx, plain + n, &fin);
    assert_int_equal(fin, 0);
    api->cipher_ctx_free(ctx);
    return verdict;
}

static void test_aes_256_gcm(void **state)
{
    struct tu_env *env = *state;
    struct crypto_api api;
    elfld_lib *lib = load_crypto(env, &api);
    init_crypto(&api);

    for (size_t i = 0; i < sizeof gcm_vectors / sizeof gcm_vectors[0]; i++) {
        struct gcm_bytes b;
        gcm_decode(&gcm_vectors[i], &b);

        /* encrypt: ciphertext and tag as published */
        unsigned char out[64], tag[16];
        int n = 0, fin = 0;
        EVP_CIPHER_CTX *ctx = api.cipher_ctx_new();
        assert_non_null(ctx);
        assert_int_equal(api.encrypt_init(ctx, api.aes_256_gcm(), NULL, NULL, NULL), 1);
        assert_int_equal(api.cipher_ctx_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)sizeof b.iv,
                                             NULL),
                         1);
        assert_int_equal(api.encrypt_init(ctx, NULL, NULL, b.key, b.iv), 1);
        if (b.aad_len)
            assert_int_equal(api.encrypt_update(ctx, NULL, &n, b.aad, (int)b.aad_len), 1);
        assert_int_equal(api.encrypt_update(ctx, out, &n, b.plain, (int)b.plain_len), 1);
        assert_int_equal(n, b.plain_len);
        assert_int_equal(api.encrypt_final(ctx, out + n, &fin), 1);
        assert_int_equal(fin, 0);
        assert_int_equal(api.cipher_ctx_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag), 1);
        api.cipher_ctx_free(ctx);
        assert_memory_equal(out, b.cipher, b.plain_len);
        assert_memory_equal(tag, b.tag, sizeof tag);

        /* decrypt: the plaintext back, the tag verified */
        unsigned char back[64];
        memset(back, 0x5a, sizeof back);
        assert_int_equal(gcm_decrypt(&api, &b, b.tag, back), 1);
        assert_memory_equal(back, b.plain, b.plain_len);

        /* a tag with one bit changed is refused */
        unsigned char bad[16];
        memcpy(bad, b.tag, sizeof bad);
        bad[15] ^= 1;
        assert_true(gcm_decrypt(&api, &b, bad, back) <= 0);
    }
    finish(&api, lib);
}

/* ---------------------------------------------------------------- the exit handler */

/* Initialised without OPENSSL_INIT_NO_ATEXIT, OpenSSL registers OPENSSL_cleanup, an address
 * inside the image, for the process's exit.  The recorder holds it; it is run here, as exit
 * would, while the image is still mapped, and never afterwards. */
static void test_atexit_hazard(void **state)
{
    struct tu_env *env = *state;
    struct crypto_api api;
    elfld_lib *lib = load_crypto(env, &api);
    assert_int_equal(api.init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL), 1);
    assert_int_equal(exit_handler_count, 1);
    uintptr_t handler = (uintptr_t)exit_handlers[0];
    assert_true(handler >= elfld_base(lib) && handler < elfld_base(lib) + elfld_size(lib));
    assert_int_equal(handler, (uintptr_t)elfld_sym(lib, "OPENSSL_cleanup"));
    exit_handlers[0]();
    exit_handler_count = 0;
    elfld_release(lib);
}

int main(int argc, char **argv)
{
    archive_args(argc, argv);
    const struct CMUnitTest tests[] = {
        TU_TEST(test_sha256),
        TU_TEST(test_aes_256_gcm),
        TU_TEST(test_atexit_hazard),
    };
    return cmocka_run_group_tests_name("libcrypto.a", tests, NULL, NULL);
}
