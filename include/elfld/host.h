/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld/host.h - the host vtable: the only way the libelfld core touches the world.
 *
 * The core never calls libc, never makes a system call and keeps no global state. Everything it
 * needs from its environment (memory for images and metadata, file bytes, symbols of "the
 * system", cache maintenance, logging) comes through one `struct elfld_host` that the caller
 * fills in and passes to elfld_ctx_create().  The struct is copied into the context, so it may
 * live on the caller's stack.
 *
 * Every hook receives `user` first.  Hooks marked REQUIRED must be set; a missing OPTIONAL hook
 * means "this feature is unavailable here", reported as an error only when an image needs it.
 *
 * Hooks may be called from any thread that calls into the same context; the core never calls a
 * hook concurrently for one context unless the caller calls the API concurrently on it.
 */
#ifndef ELFLD_HOST_H
#define ELFLD_HOST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Protection bits for host->protect(). */
#define ELFLD_PROT_READ  1u
#define ELFLD_PROT_WRITE 2u
#define ELFLD_PROT_EXEC  4u

/* host->flags */
/* reserve() returns memory that reads as zero; the core then skips zeroing .bss and gaps. */
#define ELFLD_HOST_ZEROED_RESERVE 1u
/* resolve() searches nothing but the images system_images() lists: once every one of them is
 * indexed, a name they lack is not asked of resolve() again (the last-resort call the core
 * otherwise makes for it, e.g. for every undefined weak symbol). */
#define ELFLD_HOST_RESOLVE_IS_SYSTEM 2u
/* When a tls_key_create destructor sets its key's value again (tls_set), the host calls it
 * once more after the thread's other destructors, as POSIX does for pthread keys.  The core
 * then keeps an exiting thread's blocks for one more round, so destructors that run after
 * its own still find their thread-local variables. */
#define ELFLD_HOST_TLS_DESTRUCTOR_ROUNDS 4u

/* Log levels for host->log(). */
enum elfld_log_level {
    ELFLD_LOG_ERROR = 0,
    ELFLD_LOG_WARN = 1,
    ELFLD_LOG_INFO = 2,
    ELFLD_LOG_DEBUG = 3,
    /* What went right, as glibc's LD_DEBUG shows it: each image placed (its range and base)
     * and unmapped, each symbol looked up by name and the library that bound it ("the
     * program" for the host program's own image, "the host" for a callback's answer,
     * "undefined weak" for 0), each lazy binding.  A symbol an image binds to its own
     * definition without a lookup is not listed.  Sent only when log_levels has this bit set
     * (log_levels 0, "every level", leaves it out): a load then costs a formatted line per
     * binding. */
    ELFLD_LOG_TRACE = 4,
};

/*
 * A source opened by host->open() and given back to host->close(): a read-only view of its
 * bytes (`data`), or, from a host with read_source(), possibly no view at all (`data` NULL).
 * `size` is the source's total size either way.  `cookie` is the host's own (a file
 * descriptor, a mapping length, ...).
 */
struct elfld_blob {
    const void *data;
    size_t size;
    void *cookie;
};

/* A symbol supplied by the host or by a resolver callback. */
struct elfld_found {
    void *addr;         /* the final address (IFUNCs already resolved by whoever found it) */
    size_t size;        /* object size when known, else 0 */
};

/* One image the host program already has loaded (its executable, its libraries). */
struct elfld_system_image {
    const char *name;           /* for messages; may be "" */
    uintptr_t base;             /* load bias: run-time address of vaddr 0 */
    const void *phdrs;          /* its program headers (ElfN_Phdr of this build's class) */
    unsigned phnum;
};

struct elfld_lib;
struct elfld_ctx;

/* One loaded section of an object module (struct elfld_image_info). */
struct elfld_image_section {
    const char *name;           /* ".text", ".rodata.str1.1", ... */
    uintptr_t addr;             /* where it was loaded */
    size_t size;
    unsigned prot;              /* ELFLD_PROT_* it runs with */
};

/* One defined symbol of an object module, locals included (struct elfld_image_info). */
struct elfld_image_symbol {
    const char *name;
    uintptr_t addr;             /* its run-time address */
    size_t size;
    unsigned char type;         /* ELF STT_*: STT_FUNC, STT_OBJECT, ... */
    unsigned char bind;         /* ELF STB_*: STB_LOCAL, STB_GLOBAL, STB_WEAK */
};

/* One input of an object module (struct elfld_image_info): the relocatable object as it was
 * given, and where each of its sections was loaded - what a debugger needs to read its
 * symbols and DWARF as a linker would have placed them (gdb's JIT interface takes the object
 * with each sh_addr set to section_addr[i], and applies its debug relocations itself). */
struct elfld_image_input {
    const char *name;           /* "libz.a(inflate.o)", or the input's name */
    const void *data;           /* the ELF relocatable object's bytes */
    size_t size;
    const uintptr_t *section_addr;   /* per section index: its load address, 0: not loaded */
    unsigned nsections;
};

/* host->image_ready / image_going: what debuggers, unwinders and profilers need of an image. */
#define ELFLD_IMAGE_OBJECTS 1u  /* linked from relocatable objects (an object module) */
#define ELFLD_IMAGE_MEMORY  2u  /* opened from bytes in memory, not from a source */
struct elfld_image_info {
    struct elfld_lib *lib;
    const char *name;           /* elfld_name() */
    const char *path;           /* the source it was opened from, NULL: memory or objects */
    unsigned flags;             /* ELFLD_IMAGE_* */
    uintptr_t base;             /* load bias: run-time address of vaddr 0 (elfld_base()) */
    const void *start;          /* the image's whole reservation */
    size_t size;
    const void *phdrs;          /* shared objects: the program headers a segment maps, or NULL */
    unsigned phnum;
    /* image_ready of an image elfld_load_mem() loads: the caller's bytes (the whole file,
     * sections a debugger reads included), valid during the call only; else NULL. */
    const void *source;
    size_t source_size;
    /* Frame tables, each NULL/0 when the image has none or they were refused (the core
     * checks their structure first: docs/DESIGN.md, "Frame tables"):
     * - eh_frame_hdr: PT_GNU_EH_FRAME (shared objects);
     * - eh_frame: the CIE and FDE records, ending with the 4-byte zero terminator (counted
     *   in eh_frame_size) - what libgcc's __register_frame_info takes;
     * - arm_exidx: the ARM EHABI index (PT_ARM_EXIDX, or the object module's .ARM.exidx
     *   sections, sorted), arm_exidx_count entries of 8 bytes. */
    const void *eh_frame_hdr;
    size_t eh_frame_hdr_size;
    const void *eh_frame;
    size_t eh_frame_size;
    const void *arm_exidx;
    size_t arm_exidx_count;
    /* Object modules, in image_ready only: their loaded sections and defined symbols, and
     * the inputs they were linked from. */
    const struct elfld_image_section *sections;
    size_t nsections;
    const struct elfld_image_symbol *symbols;
    size_t nsymbols;
    const struct elfld_image_input *inputs;
    size_t ninputs;
};

struct elfld_process_info;    /* below: what process_info fills */

struct elfld_host {
    /* sizeof(struct elfld_host) as the caller compiled it: lets the struct grow compatibly.
     * REQUIRED. */
    size_t struct_size;

    /* Passed back as the first argument of every hook. */
    void *user;

    /* Page size used for segment placement and protections; 0 means 4096.  Must be a power of
     * two.  A host without an MMU may pass any power of two >= 16 (segments still keep the
     * alignment the file asks for). */
    size_t page_size;

    /* ELFLD_HOST_* bits. */
    unsigned flags;

    /* --- image memory --------------------------------------------------------------------- */

    /* REQUIRED.  Reserve `size` bytes aligned to `align` (a power of two, at least page_size),
     * readable and writable, for one image.  Return NULL on failure.  With
     * ELFLD_HOST_ZEROED_RESERVE the bytes must read as zero. */
    void *(*reserve)(void *user, size_t size, size_t align);

    /* REQUIRED.  Give back a whole region obtained from reserve() (same addr and size). */
    void (*unreserve)(void *user, void *addr, size_t size);

    /* OPTIONAL.  Set the protection of [addr, addr+size) (page aligned, inside one reserved
     * region) to a combination of ELFLD_PROT_*.  Return 0 or a negative ELFLD_E* code.  NULL
     * means "no MMU": protections are not enforced. */
    int (*protect)(void *user, void *addr, size_t size, unsigned prot);

    /* OPTIONAL.  Make instruction fetch see the bytes just written to [addr, addr+size).
     * Needed on arches with incoherent instruction caches (arm, aarch64, riscv, loongarch);
     * NULL means the host knows it is unnecessary. */
    void (*flush_icache)(void *user, void *addr, size_t size);

    /* --- metadata memory ------------------------------------------------------------------ */

    /* REQUIRED.  Allocate `size` bytes aligned for any object (at least 16).  NULL on failure. */
    void *(*alloc)(void *user, size_t size);

    /* REQUIRED.  Free a block from alloc(); `size` is the size it was allocated with. */
    void (*free)(void *user, void *ptr, size_t size);

    /* --- sources -------------------------------------------------------------------------- */

    /* OPTIONAL.  Open the named source (a file path for the POSIX host): fill `out` with a
     * read-only view of its bytes, or - when the host has read_source() - with data = NULL
     * and size = its total size.  Return 0, or ELFLD_ENOENT / ELFLD_EIO / ELFLD_ENOMEM.
     * Needed only by elfld_load() and elfld_open() with a path, and by object inputs given
     * by name. */
    int (*open)(void *user, const char *name, struct elfld_blob *out);

    /* OPTIONAL (REQUIRED when open is set).  Release a view from open(). */
    void (*close)(void *user, struct elfld_blob *blob);

    /* OPTIONAL.  Map `size` bytes of an opened source, from file offset `offset`, at the fixed
     * address `addr` inside a reservation, private (copy-on-write), with protection `prot`
     * (ELFLD_PROT_*: read-write for what the core still writes, the final protection for
     * read-only and executable segments it will not touch again).  offset, addr and size are
     * page aligned.  Return 0, or an ELFLD_E* code: the load then fails (the range may be
     * gone).  Without this hook the core copies segments from blob->data; with it, untouched
     * pages stay shared with the file and need no further protection call. */
    int (*map_source)(void *user, const struct elfld_blob *blob, size_t offset, void *addr,
                      size_t size, unsigned prot);

    /* --- symbols -------------------------------------------------------------------------- */

    /* OPTIONAL.  Look up a symbol that no loaded library in scope defines ("the system": the
     * host program and its own libraries).  `version` is NULL or the version name the image
     * asked for.  Return 1 and fill `out` when found, 0 when not. */
    int (*resolve)(void *user, const char *name, const char *version, struct elfld_found *out);

    /* OPTIONAL.  Describe the images of "the system" so the core can search their symbol
     * tables directly (GNU/SysV hash, versions) instead of calling resolve() per symbol: write
     * up to `cap` entries to `out` and return how many exist (the core calls again with room
     * for all).  The core reads them at its first load and again whenever they change
     * (system_generation, or else their count).
     * With this hook, the system is searched through these images in its place in the lookup
     * order and resolve() becomes the last resort before post-find; without it, resolve() is
     * the system. */
    size_t (*system_images)(void *user, struct elfld_system_image *out, size_t cap);

    /* OPTIONAL.  Called when a lazily bound function cannot be resolved at its first call.
     * Return an address to continue at (e.g. a function that reports and exits); if the hook
     * is missing or returns NULL the core executes a trap instruction.  Never jumps to 0.
     * The slot stays unbound: every later call through it tries again (and may call this hook
     * again). */
    void *(*lazy_fail)(void *user, struct elfld_lib *lib, const char *name);

    /* OPTIONAL.  Receives diagnostics; `msg` is NUL-terminated and valid only during the
     * call. */
    void (*log)(void *user, int level, const char *msg);

    /* --- process information -------------------------------------------------------------- */

    /* Passed to DT_INIT / DT_INIT_ARRAY functions as (argc, argv, envp), as the system loader
     * does.  Leave argv/envp NULL when the host has none. */
    int argc;
    char **argv;
    char **envp;

    /* --- sources without a view (later additions: a host compiled before them passes the
     *     smaller struct_size and reads as having none of these) ------------------------- */

    /* OPTIONAL.  Copy `size` bytes of an opened source from `offset` into `dst`.  Return 0,
     * or a negative ELFLD_E* code (a short read is ELFLD_EIO).  With it, open() need not
     * produce a view: the core reads the headers (about a kilobyte), the segments it cannot
     * map, and the whole source for object files and archives. */
    int (*read_source)(void *user, const struct elfld_blob *blob, size_t offset, void *dst,
                       size_t size);

    /* OPTIONAL.  reserve() and map_source() of an image's first segment in one step, as
     * system loaders do: reserve `size` bytes aligned to `align` whose pages map the source
     * privately from file offset `offset` on (offset page aligned; pages past the end of the
     * source may fault until replaced), with protection `prot`.  NULL on failure.  The
     * region is released with unreserve() like any other.  The core then maps the other
     * segments over it (map_source), replaces what must not show file bytes (.bss pages past
     * a segment's file pages) with map_zero(), and makes gaps between segments inaccessible
     * with protect().  Used only when map_source, map_zero and protect are set too. */
    void *(*reserve_source)(void *user, const struct elfld_blob *blob, size_t offset,
                            size_t size, size_t align, unsigned prot);

    /* OPTIONAL (with reserve_source).  Replace the page-aligned [addr, addr+size) inside a
     * reservation with fresh zero-filled private pages of protection `prot`.  Return 0 or an
     * ELFLD_E* code. */
    int (*map_zero)(void *user, void *addr, size_t size, unsigned prot);

    /* OPTIONAL (with system_images).  A number that changes whenever the system's images do -
     * one loaded or unloaded, even when their count stays the same (the POSIX host returns
     * dl_iterate_phdr's dlpi_adds + dlpi_subs).  The core asks it at every load and re-reads
     * the images when it changed.  Without it the core can only compare the count
     * system_images() returns, and keeps a library closed and another opened in its place
     * in its index (reading tables that are gone). */
    unsigned long long (*system_generation)(void *user);

    /* --- placement (a later addition, like the group above) ------------------------------ */

    /* OPTIONAL.  reserve() with a constraint on where: `size` bytes aligned to `align`, all of
     * them inside [first, last] (inclusive: last may be the top address), never over memory
     * that is already in use.  NULL when no such region can be had.  The core asks this
     * instead of reserve() when an object image holds fields that reach only part of the
     * address space (non-PIC code: 32-bit PC-relative references to the host's data,
     * 32-bit absolute addresses of the image's own symbols); the window is where every such
     * field reaches its target.  A kernel returns memory of its module area here, as Linux
     * places modules within reach of the kernel.  The region is released with unreserve().
     * Without this hook such an image goes wherever reserve() puts it, and a field that does
     * not reach its target fails the link with ELFLD_ERANGE. */
    void *(*reserve_within)(void *user, size_t size, size_t align, uintptr_t first,
                            uintptr_t last);

    /* --- thread-local storage (a later addition, like the groups above) ----------------- */

    /* OPTIONAL, all four or none.  Per-thread values, as POSIX's pthread_key_* or C11's tss_*
     * give them, for dynamic TLS: the core creates one key per context at its first library
     * with a dynamic TLS module (one whose code reaches its variables through
     * __tls_get_addr or a TLS descriptor), keeps each thread's blocks under it, and deletes
     * it when the context is destroyed.  `destructor` must be called with a thread's
     * non-NULL value when that thread exits (it frees the thread's blocks).  tls_get runs on
     * every dynamic TLS access, inside descriptor resolvers that save only the integer
     * registers around it: it must not use floating-point or vector registers (a function
     * that reads a thread-specific word, as pthread_getspecific does, is fine).  Return 0 or
     * an ELFLD_E* code (create, set).  Without these hooks a library with a dynamic TLS
     * module is refused with ELFLD_ETLS. */
    int (*tls_key_create)(void *user, void (*destructor)(void *value), uintptr_t *key);
    void (*tls_key_delete)(void *user, uintptr_t key);
    void *(*tls_get)(void *user, uintptr_t key);
    int (*tls_set)(void *user, uintptr_t key, void *value);

    /* OPTIONAL.  Static TLS, for initial-exec (DF_STATIC_TLS) modules: find `size` bytes
     * aligned to `align` at one offset from the thread pointer that is the same in every
     * thread; *tp_offset gets (block address - thread pointer) and *guarantees the
     * ELFLD_TLS_STATIC_* bits that hold for it.  Return 0, or ELFLD_ETLS when there is no
     * such room.  The core copies a module's initialisation image into the calling thread's
     * block itself; what other threads see is the host's guarantee: a module whose image is
     * all zeros needs ZEROED or INIT_THREADS, any other needs INIT_THREADS, else the load
     * fails with ELFLD_ETLS rather than leave a thread reading wrong values. */
    int (*tls_static_reserve)(void *user, size_t size, size_t align, intptr_t *tp_offset,
                              unsigned *guarantees);
    /* OPTIONAL (with tls_static_reserve).  The module at `tp_offset` is gone. */
    void (*tls_static_release)(void *user, intptr_t tp_offset, size_t size);

    /* --- a thread-pointer-relative cache for dynamic TLS (a later addition) ------------- */

    /* OPTIONAL (with the tls_key_* hooks), both or none.  `words` pointer-sized words at one
     * offset from the thread pointer, the same in every thread, for the core to keep the
     * calling thread's block table of one context in: *tp_offset gets (address - thread
     * pointer).  They must read zero in every thread, those that exist and those created
     * later, when handed out; the core zeroes what it wrote there (in a thread that exits,
     * from the key's destructor; in live threads, before tls_cache_release), so a released
     * range may be handed out again.  With it a dynamic TLS access is a few loads from the
     * thread pointer, as glibc's DTV; without it (or when it returns ELFLD_ETLS: no room)
     * every access asks tls_get.  The key's destructor must then run before the exiting
     * thread's thread-local memory goes (pthread's and C11's do). */
    int (*tls_cache_reserve)(void *user, size_t words, intptr_t *tp_offset);
    void (*tls_cache_release)(void *user, intptr_t tp_offset, size_t words);

    /* --- dependencies (a later addition, like the groups above) -------------------------- */

    /* OPTIONAL.  The host's own list for a needed library `name` (no '/'), after the paths
     * the core searched (DT_RPATH, opts.search_path, DT_RUNPATH): call try_source(cookie,
     * source) with each source name in turn, in order, for as long as it returns
     * ELFLD_SEARCH_NEXT, and return what it returned last (0: taken; a negative ELFLD_E* code:
     * stop with that error) - or ELFLD_SEARCH_NEXT when the list ran out, or
     * ELFLD_SEARCH_SYSTEM when the system provides `name` although system_images() does not
     * list it (a static program's own C library).  Without this hook the core tries `name`
     * itself through open(), and - when there is no system_images() either, so nothing tells
     * what the system has - takes a name it cannot open as the system's (its resolve() then
     * answers for it).  The POSIX host reads /etc/ld.so.cache and the default directories. */
    int (*search)(void *user, const char *name, int (*try_source)(void *cookie, const char *source),
                  void *cookie);

    /* OPTIONAL.  An identity of an opened source (the POSIX host: device and inode), so that
     * one file reached under two names is loaded once.  Return 0 and fill id, or nonzero
     * when there is none; without the hook, sources are the same when their names are. */
    int (*source_id)(void *user, const struct elfld_blob *blob, uint64_t id[2]);

    /* OPTIONAL.  What $LIB and $PLATFORM expand to in DT_RPATH / DT_RUNPATH / DT_NEEDED
     * (glibc on x86_64 Debian: "lib/x86_64-linux-gnu" and "x86_64"); NULL: a path element
     * that uses it is skipped. */
    const char *lib_token;
    const char *platform;

    /* --- interception and context lifetime (a later addition) --------------------------- */

    /* OPTIONAL, both or none.  Names the host answers itself for loaded code, before the
     * system and every library (after a load's own pre_find, and a symbolic library's own
     * definitions): `intercept_names` is a
     * NULL-terminated list, hashed when the context is created (at most 64 names) and read
     * while it lives (the host keeps it: a static table); for a
     * relocation or lazy binding of one of them the core calls intercept() with the library
     * being linked, and uses what it fills in when it returns 1 (0: search as usual).  The
     * POSIX host answers the dlfcn functions (dlopen, dlsym, ..., dl_iterate_phdr) this way,
     * so loaded code that opens libraries gets them through its own context. */
    const char *const *intercept_names;
    int (*intercept)(void *user, struct elfld_lib *lib, const char *name, const char *version,
                     struct elfld_found *out);

    /* OPTIONAL.  Called by elfld_ctx_destroy() after every library is gone, before the
     * context itself is freed (a host that keeps contexts in a table drops it here). */
    void (*context_destroyed)(void *user, struct elfld_ctx *ctx);

    /* OPTIONAL.  The levels log() wants, bit (1 << level) each: the core does not even format
     * a message of another level.  0 (and a host compiled before this field) means all but
     * ELFLD_LOG_TRACE. */
    unsigned log_levels;

    /* --- tools: debuggers, unwinders, profilers (a later addition) ---------------------- */

    /* OPTIONAL.  An image is ready: linked and protected, before its constructors run (and
     * before those of every image loaded with it, which may call into it).  `info`
     * describes it for the process's tools - the POSIX host registers its frame tables with
     * the unwinder, so exceptions and backtraces cross its frames.  `info` and the arrays it
     * points to live only during the call; what lies in the image (program headers, frame
     * tables) stays until image_going.  The core does nothing else with any of it. */
    void (*image_ready)(void *user, const struct elfld_image_info *info);

    /* OPTIONAL.  An image that was ready is about to go: its destructors have run and
     * nothing of it runs any more; it is unmapped when this returns.  `info` is as in
     * image_ready, without sections and symbols. */
    void (*image_going)(void *user, const struct elfld_image_info *info);

    /* --- programs (a later addition) ---------------------------------------------------- */

    /* OPTIONAL.  What only the host knows of the process a program is started in
     * (elfld_exec_prepare: its auxiliary vector), filled over the core's defaults.  Return 0,
     * or a negative ELFLD_E* code to refuse.  Without it elfld_exec_prepare fails with
     * ELFLD_ENOTSUP: AT_RANDOM needs random bytes, which the core cannot make. */
    int (*process_info)(void *user, struct elfld_process_info *info);
};

/* host->process_info: the host's part of a started program's auxiliary vector.  The core's
 * defaults: ids 0, not secure, clktck 100, platform host->platform (else NULL), the rest 0
 * (0: the entry is left out where the kernel would leave it out). */
struct elfld_process_info {
    unsigned char random[16];     /* AT_RANDOM: random (the program's stack and pointer guards) */
    unsigned long hwcap, hwcap2;  /* AT_HWCAP, AT_HWCAP2 */
    uintptr_t sysinfo_ehdr;       /* AT_SYSINFO_EHDR: the vDSO's ELF header, 0 none */
    uintptr_t sysinfo;            /* AT_SYSINFO: i386's system-call entry in the vDSO
                                     (__kernel_vsyscall), 0 none; glibc's i386 code calls
                                     through it and needs it there */
    unsigned long uid, euid, gid, egid;    /* AT_UID, AT_EUID, AT_GID, AT_EGID */
    unsigned long secure;         /* AT_SECURE */
    unsigned long clktck;         /* AT_CLKTCK */
    unsigned long minsigstksz;    /* AT_MINSIGSTKSZ, 0 none */
    const char *platform;         /* AT_PLATFORM's string, NULL none */
};

/* host->search: what try_source returns to ask for the next candidate, and what search
 * returns when the system provides the name. */
#define ELFLD_SEARCH_NEXT 1
#define ELFLD_SEARCH_SYSTEM 2

/* Guarantees of a static TLS block (host->tls_static_reserve). */
/* Every thread, those that exist and those created later, reads zeros there until it writes:
 * the bytes were never handed out before. */
#define ELFLD_TLS_STATIC_ZEROED 1u
/* The host calls elfld_tls_init_thread() for every other thread that may run loaded code
 * (those that exist and those it creates later) before it does. */
#define ELFLD_TLS_STATIC_INIT_THREADS 2u

#ifdef __cplusplus
}
#endif

#endif /* ELFLD_HOST_H */
