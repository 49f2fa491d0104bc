/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * elfld.h - libelfld public API: load ELF images and link them at run time.
 *
 * Model
 *   A context (elfld_ctx) is created from a host (elfld/host.h) and owns every library loaded
 *   through it.  A library (elfld_lib) is one ELF image mapped into memory and relocated.
 *   Contexts share nothing: two contexts in one process never interfere, from any threads.
 *   One context must not be used from two threads at once without the caller's own lock (every
 *   call taking the context or one of its libraries, elfld_sym included: its first calls build
 *   an index).  Code of a loaded library may run in any number of threads at once, lazily
 *   bound calls included: lazy binding only reads the context's tables and stores one word,
 *   so it needs no lock, but it must not overlap a load, link or release on the same context
 *   (those change the tables it reads) - hold the caller's lock across those, or bind eagerly
 *   (ELFLD_NOW) when code runs while the context changes.
 *
 * Errors
 *   Every fallible function returns 0 or a negative ELFLD_E* code.  When the options carry a
 *   `struct elfld_diag *`, it is filled with the phase, a message, and where known the
 *   relocation index/type, symbol name and segment index.  A failed load leaves the context
 *   exactly as it was before the call: no mapping, allocation or reference is left behind.
 *   A diagnostic passed in is cleared at the start of every call and filled on failure.
 *
 * Lifetimes
 *   An address returned by elfld_sym() is valid while its library is referenced.  A library
 *   holds a reference on every library it bound a symbol to, on each of its dependencies
 *   (DT_NEEDED), and on every library of its opts.scope (lazy binding may still need them);
 *   all are dropped when it is unloaded.  Destructors run in the exact reverse of the order
 *   constructors ran, across libraries.  Strings returned by the API
 *   (names, symbol names) live as long as the library they came from.
 */
#ifndef ELFLD_H
#define ELFLD_H

#include <stddef.h>
#include <stdint.h>

#include "elfld/host.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */
/* The version of this header.  Within one major version a program built against an older
 * header keeps working with a newer library (docs/ABI.md says what may change when).
 * elfld_version() is the library's own ELFLD_VERSION: a program can compare the two. */
#define ELFLD_VERSION_MAJOR 0
#define ELFLD_VERSION_MINOR 1
#define ELFLD_VERSION_PATCH 0
#define ELFLD_VERSION_NUMBER(major, minor, patch) \
    ((unsigned long)(major) * 10000ul + (unsigned long)(minor) * 100ul + (unsigned long)(patch))
#define ELFLD_VERSION \
    ELFLD_VERSION_NUMBER(ELFLD_VERSION_MAJOR, ELFLD_VERSION_MINOR, ELFLD_VERSION_PATCH)

unsigned long elfld_version(void);

/* The parts a build of libelfld may leave out (meson options lazy, objects, shared_objects,
 * messages, frames): elfld_features() has the bit of each part this library was built with.
 * A call into a part left out fails with ELFLD_ENOTSUP; without ELFLD_FEATURE_LAZY every PLT
 * call is bound at load, as with ELFLD_NOW; without ELFLD_FEATURE_MESSAGES a diagnostic's
 * message is elfld_strerror(code) (its other fields stay) and the log hook is never called;
 * without ELFLD_FEATURE_FRAMES image_ready is given no frame tables. */
#define ELFLD_FEATURE_LAZY (1u << 0)            /* lazy binding of PLT calls */
#define ELFLD_FEATURE_OBJECTS (1u << 1)         /* elfld_open_objects / elfld_load_objects */
#define ELFLD_FEATURE_SHARED_OBJECTS (1u << 2)  /* elfld_open*, elfld_load* of shared objects */
#define ELFLD_FEATURE_MESSAGES (1u << 3)        /* diagnostic text, log and trace lines */
#define ELFLD_FEATURE_FRAMES (1u << 4)          /* frame tables checked, given to image_ready */

unsigned elfld_features(void);

/* ---------------------------------------------------------------- error codes */
enum elfld_error {
    ELFLD_OK = 0,
    ELFLD_EINVAL = -1,      /* bad argument from the caller (NULL, bad struct_size, ...) */
    ELFLD_ENOMEM = -2,      /* host alloc() or reserve() failed */
    ELFLD_ENOENT = -3,      /* host open() could not find the source */
    ELFLD_EIO = -4,         /* host open() failed otherwise */
    ELFLD_ENOTSUP = -5,     /* a needed host hook is missing, or a feature is not built in */
    ELFLD_ETRUNC = -6,      /* a header, table or segment extends past the end of the input */
    ELFLD_EMAGIC = -7,      /* not an ELF file */
    ELFLD_ECLASS = -8,      /* ELFCLASS32/64 does not match this build's arch */
    ELFLD_EENDIAN = -9,     /* data encoding does not match this build's arch */
    ELFLD_EVERSION = -10,   /* e_version / EI_VERSION is not EV_CURRENT */
    ELFLD_EMACHINE = -11,   /* e_machine (or ABI flags) does not match this build's arch */
    ELFLD_ETYPE = -12,      /* e_type cannot be loaded by this call */
    ELFLD_EHEADER = -13,    /* inconsistent ELF header (entry sizes, counts, overflow) */
    ELFLD_ESEGMENT = -14,   /* bad program header: overlap, order, alignment, sizes */
    ELFLD_EDYNAMIC = -15,   /* bad or missing dynamic section entry */
    ELFLD_EHASH = -16,      /* bad GNU or SysV hash table */
    ELFLD_ESYMTAB = -17,    /* bad symbol table or symbol index */
    ELFLD_ESTRTAB = -18,    /* bad string table or string offset */
    ELFLD_EVERSYM = -19,    /* bad symbol versioning data */
    ELFLD_ERELOC = -20,     /* bad relocation record: target outside the image, bad table */
    ELFLD_ERELTYPE = -21,   /* relocation type unknown to this arch (and no hook took it) */
    ELFLD_ETLS = -22,       /* thread-local storage the image needs and cannot have here */
    ELFLD_ECOPY = -23,      /* COPY relocation in a library */
    ELFLD_ENOSYM = -24,     /* a needed (non-weak) symbol was not found */
    ELFLD_ERANGE = -25,     /* a relocated value does not fit its field */
    ELFLD_EEXECSTACK = -26, /* the image wants an executable stack and the caller did not allow it */
    ELFLD_ETEXTREL = -27,   /* the image needs text relocations and the caller did not allow it */
    ELFLD_EPROTECT = -28,   /* host protect() failed */
    ELFLD_EBUSY = -29,      /* the library is in a state that forbids the call */
    ELFLD_ENOTFOUND = -30,  /* lookup miss in elfld_sym_info() / elfld_addr_info() */
    ELFLD_EARCHIVE = -31,   /* malformed archive (.a) */
    ELFLD_ESECTION = -32,   /* bad section header, section group or symbol section index */
    ELFLD_EDUPSYM = -33,    /* two strong definitions of one symbol in an object link */
    ELFLD_EPLACE = -34,     /* no address lets an object image reach every target of its
                               limited-reach fields, or the host could not reserve there */
    ELFLD_EADDRINUSE = -35, /* an ET_EXEC program's fixed address range is in use */
};

/* Static string for an ELFLD_E* code ("unknown error" for others).  Never NULL. */
const char *elfld_strerror(int code);

/* The psABI name of relocation type `type` of this build's arch ("R_X86_64_GLOB_DAT"), as in
 * a diagnostic's reloc_type; NULL for a type the backend's table does not list. */
const char *elfld_reloc_name(unsigned type);

/* ---------------------------------------------------------------- diagnostics */
enum elfld_phase {
    ELFLD_PHASE_NONE = 0,
    ELFLD_PHASE_READ,       /* getting the bytes */
    ELFLD_PHASE_PARSE,      /* validating headers and tables */
    ELFLD_PHASE_MAP,        /* reserving memory, placing segments */
    ELFLD_PHASE_RELOC,      /* applying relocations, resolving symbols */
    ELFLD_PHASE_PROTECT,    /* final protections */
    ELFLD_PHASE_INIT,       /* running constructors */
};

struct elfld_diag {
    int code;               /* the ELFLD_E* code returned */
    int phase;              /* enum elfld_phase */
    char message[320];      /* human readable, NUL terminated (truncated if longer) */
    char symbol[96];        /* symbol involved, or "" (truncated if longer) */
    long reloc_index;       /* index in its table, or -1 */
    long reloc_type;        /* arch relocation type, or -1 */
    long segment;           /* program header index, or -1 */
};

/* ---------------------------------------------------------------- options */

/* Flags for elfld_opts.flags. */
#define ELFLD_LAZY            0x0u   /* bind functions at first call (default) */
#define ELFLD_NOW             0x1u   /* bind everything before returning */
#define ELFLD_LOCAL           0x0u   /* not in the global scope (default) */
#define ELFLD_GLOBAL          0x2u   /* its symbols serve later loads in this context */
#define ELFLD_SYMBOLIC        0x4u   /* look in the library itself before any scope */
#define ELFLD_NODELETE        0x8u   /* never unmap, even when released */
#define ELFLD_ALLOW_EXECSTACK 0x10u  /* accept PT_GNU_STACK with PF_X */
#define ELFLD_ALLOW_TEXTREL   0x20u  /* accept DT_TEXTREL (text briefly writable while linking) */
#define ELFLD_ALLOW_WX        0x40u  /* accept a segment both writable and executable */
#define ELFLD_NO_DEPS         0x80u  /* do not load DT_NEEDED libraries (see "Dependencies") */
/* Map, relocate and protect the library and its dependencies, but run no constructor (and so,
 * at release, no destructor): for tools that inspect what a load would do (`elfld deps`).
 * Code of such a library must not be called: nothing it needs was initialised. */
#define ELFLD_NO_INIT         0x100u

/*
 * A symbol resolver callback (pre-find / post-find).  Return 1 and fill `out` to supply the
 * symbol, 0 to pass.  `version` is NULL or the version the image asked for.
 */
typedef int (*elfld_find_fn)(void *user, const char *name, const char *version,
                             struct elfld_found *out);

/* What a relocation hook is told about a relocation the arch backend does not know. */
struct elfld_reloc_req {
    struct elfld_lib *lib;
    uint32_t type;          /* arch relocation type */
    void *where;            /* the location to patch (inside the image) */
    uintptr_t sym_value;    /* resolved symbol address, 0 for none/undefined weak */
    intptr_t addend;        /* explicit addend (RELA) or 0 (REL: read it from `where`) */
    uintptr_t base;         /* the image's load bias */
    const char *sym_name;   /* or NULL */
};

/* Relocation hook: apply the relocation and return 0, or return ELFLD_ERELTYPE to refuse. */
typedef int (*elfld_reloc_fn)(void *user, const struct elfld_reloc_req *req);

struct elfld_opts {
    size_t struct_size;              /* sizeof(struct elfld_opts) as compiled by the caller */
    unsigned flags;                  /* ELFLD_* flags above */
    const char *name;                /* name for elfld_name() and messages; defaults to the
                                        path, or "<memory>" */
    struct elfld_lib *const *scope;  /* libraries to resolve against after the global scope */
    size_t scope_count;
    elfld_find_fn pre_find;          /* consulted before every scope */
    elfld_find_fn post_find;         /* consulted after the system (host->resolve) */
    void *find_user;                 /* passed to pre_find / post_find */
    elfld_reloc_fn reloc_hook;       /* relocation types unknown to the backend */
    void *reloc_user;
    struct elfld_diag *diag;         /* filled on failure when not NULL */
    /* Relocatable objects only: symbols the image must define.  Archive members defining
     * them are pulled in (as a linker's -u would); absent ones fail with ELFLD_ENOSYM, and a
     * NULL entry with ELFLD_EINVAL. */
    const char *const *require;
    size_t require_count;
    /* Dependencies: directories searched for DT_NEEDED names after the needing library's
     * DT_RPATH and before its DT_RUNPATH, separated by ':' (what LD_LIBRARY_PATH is to the
     * system loader; the core never reads the environment).  NULL: none. */
    const char *search_path;
};

/* ---------------------------------------------------------------- contexts */
typedef struct elfld_ctx elfld_ctx;
typedef struct elfld_lib elfld_lib;

/*
 * Create a context.  The host struct is copied.  Returns 0 and sets *out, or ELFLD_EINVAL
 * (NULL argument, struct_size too small, a required hook missing, bad page size) or
 * ELFLD_ENOMEM.
 */
int elfld_ctx_create(const struct elfld_host *host, elfld_ctx **out);

/*
 * Destroy a context: every library still loaded is finalized (fini functions run, newest
 * first) and unmapped, whatever its reference count or NODELETE flag, then the context is
 * freed.  NULL is ignored.
 *
 * NODELETE (DF_1_NODELETE or ELFLD_NODELETE) keeps a library past its last elfld_release,
 * never past its context: the context owns every image's memory, and destroying it gives all
 * of it back to the host (a kernel or firmware must get its module area back).  glibc, by
 * contrast, keeps such libraries until the process exits.  So whatever a library registered
 * outside its image must be withdrawn by its own destructors before it is unmapped: an exit
 * handler registered with atexit() in a shared object linked with glibc is (its destructors
 * call __cxa_finalize with the object's handle, which runs the handler and forgets it), but a
 * signal handler, a thread-specific-data destructor or a callback handed to another library
 * is not.  A host that cannot be sure destroys the context only when nothing can call into
 * its images any more (or never, when the process is about to exit anyway).
 */
void elfld_ctx_destroy(elfld_ctx *ctx);

/* ---------------------------------------------------------------- loading */

/*
 * Load a shared object from a named source (host->open) or a memory buffer, link it and run
 * its constructors.  The buffer is only read during the call and may be freed afterwards.
 * `opts` may be NULL (defaults: lazy, local).  On success *out holds one reference.
 *
 * Returns 0 or: ELFLD_EINVAL, ELFLD_ENOMEM, ELFLD_ENOENT, ELFLD_EIO, ELFLD_ENOTSUP, any parse
 * error (ELFLD_ETRUNC ... ELFLD_EVERSYM), ELFLD_ERELOC, ELFLD_ERELTYPE, ELFLD_ETLS,
 * ELFLD_ECOPY, ELFLD_ENOSYM, ELFLD_ERANGE, ELFLD_EEXECSTACK, ELFLD_ETEXTREL, ELFLD_EPROTECT.
 */
int elfld_load(elfld_ctx *ctx, const char *path, const struct elfld_opts *opts, elfld_lib **out);
int elfld_load_mem(elfld_ctx *ctx, const void *buf, size_t size, const struct elfld_opts *opts,
                   elfld_lib **out);

/*
 * Dependencies.  elfld_load() and elfld_load_mem() load the library's DT_NEEDED tree as the
 * system loader's dlopen does, unless ELFLD_NO_DEPS is given:
 *   - a name the system provides (an image host->system_images lists, by DT_SONAME or file
 *     name) is satisfied by it and never loaded again; so is a library of the context with
 *     that DT_SONAME or name, or from the same source name, or - among those loaded as
 *     dependencies - the same file (host->source_id), which gets a reference;
 *   - a name with a '/' is a source name; any other is searched: the needing library's
 *     DT_RPATH and those of the libraries that loaded it (only when it has no DT_RUNPATH),
 *     opts.search_path, its DT_RUNPATH, then the host's own list (host->search; without it,
 *     the bare name through host->open).  $ORIGIN (the needing library's directory: the
 *     source it was opened from), $LIB and $PLATFORM (host->lib_token, host->platform) are
 *     expanded, a path element that cannot be is skipped; a candidate of another ELF class
 *     or machine is skipped too;
 *   - dependencies are relocated before the libraries that need them (each cycle as one
 *     link group), and constructors run dependencies first in the order glibc's loader
 *     gives; destructors run in exactly the reverse order;
 *   - each library searches, after itself, its own dependencies breadth-first (then its
 *     link group and opts.scope); the flags ELFLD_NOW and ELFLD_GLOBAL, and pre_find /
 *     post_find, apply to the whole tree (and ELFLD_NO_INIT);
 *   - a library holds a reference on each of its dependencies: releasing the root unloads
 *     every library no one else references;
 *   - a missing dependency fails with ELFLD_ENOENT naming it, who needed it and what was
 *     tried; any failure leaves the context as it was.
 * Each decision is logged at ELFLD_LOG_DEBUG through host->log.  elfld_link() does the same
 * for the members of a group (a name a member's DT_SONAME answers is that member; members are
 * constructed last, in the order given; opts.search_path of elfld_open is not kept), and an
 * object link loads the libraries among its inputs (ELFLD_INPUT_LIBRARY).
 */

/*
 * Load a library by the name a DT_NEEDED entry would give, as if `needer` (a linked library
 * of this context, or NULL) listed it: found as its dependencies are (the system, the
 * context, needer's DT_RPATH / DT_RUNPATH and $ORIGIN, opts.search_path, the host's list) and
 * loaded with its own tree.  *out gets one reference on the library - a new one or one the
 * context had (which opts' ELFLD_GLOBAL / ELFLD_NODELETE then extend to, as dlopen does) - or
 * is NULL when the system provides the name.  Without pre_find and post_find in opts, the
 * needer's serve the new libraries, as they serve its own dependencies.  What dlopen() does
 * for loaded code.
 */
int elfld_load_needed(elfld_ctx *ctx, elfld_lib *needer, const char *name,
                      const struct elfld_opts *opts, elfld_lib **out);

/*
 * Two-phase form.  elfld_open*() validates and maps an image but neither relocates it nor
 * runs code; elfld_sym() on it fails until it is linked.  elfld_link() then relocates a group
 * of opened images as one unit: each member's scope is (global scope, every group member in
 * order, its own opts scope), so members may reference each other in both directions.
 * Constructors run after every member is relocated, in group order (list dependencies
 * before their users); destructors run in the reverse order at release.
 *
 * If linking fails, every reference taken during binding is dropped, every member's image is
 * unmapped and the members are left in a failed state: the caller still owns its references
 * and must elfld_release() them; any other call on them returns ELFLD_EBUSY or NULL.
 * Returns the same codes as elfld_load, plus ELFLD_EBUSY when a member is not in the opened
 * state and ELFLD_EINVAL when a member belongs to another context or appears twice.
 */
int elfld_open(elfld_ctx *ctx, const char *path, const struct elfld_opts *opts, elfld_lib **out);
int elfld_open_mem(elfld_ctx *ctx, const void *buf, size_t size, const struct elfld_opts *opts,
                   elfld_lib **out);
int elfld_link(elfld_ctx *ctx, elfld_lib *const *libs, size_t count, struct elfld_diag *diag);

/* ---------------------------------------------------------------- relocatable objects */

/* One input of an object link: a relocatable object (.o) or an archive (.a). */
struct elfld_input {
    const char *name;        /* source name for host->open when data is NULL; else a label */
    const void *data;        /* the bytes, or NULL to read `name` through host->open */
    size_t size;
    unsigned flags;          /* ELFLD_INPUT_* */
};
#define ELFLD_INPUT_WHOLE_ARCHIVE 1u  /* take every member of this archive */
/* A shared library to link against (as a linker's -l): loaded first with its dependencies -
 * `name` found as a DT_NEEDED entry would be (elfld_load_needed; opts.search_path applies),
 * or from `data` - and the image's dependency: the objects' symbols resolve in it and its
 * tree after the global scope, and it stays loaded while the image is. */
#define ELFLD_INPUT_LIBRARY 2u

/*
 * Link relocatable objects and archives into one image that behaves like a loaded library:
 * elfld_sym() finds its global symbols, it can be in the scope of later loads, and it can be a
 * member of an elfld_link() group with shared objects (references in both directions).
 * Objects are taken in order; archive members are pulled in when they define a symbol still
 * undefined (or in opts->require), repeatedly, as a static linker does.  Sections are grouped
 * by permission (text, read-only, read-write, bss) with W^X applied; a GOT and branch stubs
 * are built as the relocations need.  Undefined symbols resolve through the same chain as for
 * shared objects.  Input bytes are only read during the call.
 *
 * elfld_open_objects() lays the image out and copies it in (like elfld_open); link it with
 * elfld_link().  elfld_load_objects() does both and runs the constructors.
 * Returns the codes of elfld_load, plus ELFLD_EARCHIVE (bad archive), ELFLD_ESECTION (bad
 * section header, group or symbol section index) and ELFLD_EDUPSYM (two strong definitions;
 * the message names both objects).
 */
int elfld_open_objects(elfld_ctx *ctx, const struct elfld_input *inputs, size_t count,
                       const struct elfld_opts *opts, elfld_lib **out);
int elfld_load_objects(elfld_ctx *ctx, const struct elfld_input *inputs, size_t count,
                       const struct elfld_opts *opts, elfld_lib **out);

/* ---------------------------------------------------------------- programs */
/*
 * Starting a program as execve() does.  elfld_exec_prepare maps an executable - ET_EXEC at its
 * own addresses (through host->reserve_within: ELFLD_EADDRINUSE when that range is taken),
 * ET_DYN (PIE, static PIE) anywhere - and, for a dynamic one, its PT_INTERP interpreter (the
 * system's ld.so, which then does what it does after execve); both with their segments'
 * final protections, nothing in them read, relocated or run.  It builds the initial process
 * stack as the kernel does: argc, argv, envp, the auxiliary vector (AT_PHDR, AT_PHENT,
 * AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID,
 * AT_SECURE, AT_RANDOM, AT_HWCAP, AT_HWCAP2, AT_CLKTCK, AT_PLATFORM, AT_EXECFN, and
 * AT_SYSINFO_EHDR, AT_SYSINFO (i386) and AT_MINSIGSTKSZ when the host gives them:
 * host->process_info) and the strings they point to, the stack pointer aligned to 16 bytes.
 *
 * elfld_exec_start then switches to that stack and jumps to the entry point with the
 * registers each psABI gives a new process (the atexit pointer register zero: %rdx on
 * x86_64 and i386, x0 / r0 / a0 elsewhere; the frame pointer and return address zero).  The
 * program owns the process from then on and never returns: what the caller had (its
 * threads, signal handlers and alternate stacks, open files, memory) stays as it was, so a
 * POSIX program starts it in a child it forked, or knows the program can live with that.
 * A kernel host instead takes `entry` and `stack_pointer` and starts the program in the
 * address space its hooks mapped it into.
 */
struct elfld_exec_args {
    size_t struct_size;
    unsigned flags;                /* ELFLD_ALLOW_EXECSTACK, ELFLD_ALLOW_WX: the load policies */
    const char *const *argv;       /* NULL-terminated (argv[0]: the program's name), or NULL */
    const char *const *envp;       /* NULL-terminated, or NULL: none */
    const char *execfn;            /* AT_EXECFN; NULL: the path (or argv[0] from memory) */
    const char *interp;            /* the interpreter to map instead of the PT_INTERP path
                                      (a cross sysroot's ld.so), or NULL */
    void *stack;                   /* memory to build the initial stack in, or NULL: */
    size_t stack_size;             /* reserved through the host (0: 8 MiB) */
    struct elfld_diag *diag;       /* what went wrong, or NULL */
};

struct elfld_exec {
    void *entry;                   /* where the program starts: its interpreter's entry point,
                                      else its own */
    void *stack_pointer;           /* the initial stack: argc is the word here */
    elfld_lib *program;            /* the mapped program and its interpreter (NULL for a */
    elfld_lib *interp;             /* static program): elfld_release if never started */
    void *program_entry;           /* AT_ENTRY */
    const void *phdr;              /* AT_PHDR */
    void *stack;                   /* the stack memory, and whether the core reserved it */
    size_t stack_size;
    int stack_reserved;
};

int elfld_exec_prepare(elfld_ctx *ctx, const char *path, const struct elfld_exec_args *args,
                       struct elfld_exec *out);
int elfld_exec_prepare_mem(elfld_ctx *ctx, const void *buf, size_t size,
                           const struct elfld_exec_args *args, struct elfld_exec *out);
/* Start a prepared program (see above).  Never returns. */
__attribute__((__noreturn__)) void elfld_exec_start(const struct elfld_exec *ex);
/* A prepared program that is not to be started: its images and a stack the core reserved go. */
void elfld_exec_discard(elfld_ctx *ctx, struct elfld_exec *ex);

/* ---------------------------------------------------------------- symbols */

/*
 * Address of the default-version global or weak definition of `name` in `lib` (not its
 * dependencies), IFUNCs resolved.  NULL when absent, when lib is not linked, or on NULL
 * arguments.  A library asked more than nsyms/8 + 64 times (and with at most 16K exported
 * symbols) gets a lookup index, built inside that call through host->alloc (under 10 bytes per
 * exported symbol, freed with the library; without memory, lookups simply keep using the hash
 * table): like every call on a context, not concurrent with other calls on it.
 */
void *elfld_sym(elfld_lib *lib, const char *name);

enum elfld_sym_type {
    ELFLD_SYM_NOTYPE = 0, ELFLD_SYM_OBJECT = 1, ELFLD_SYM_FUNC = 2, ELFLD_SYM_TLS = 6,
    ELFLD_SYM_IFUNC = 10,
};
enum elfld_sym_bind { ELFLD_BIND_GLOBAL = 1, ELFLD_BIND_WEAK = 2 };

struct elfld_syminfo {
    void *addr;             /* final address (IFUNC resolved) */
    size_t size;            /* st_size */
    int type;               /* enum elfld_sym_type (ELF STT_* value) */
    int bind;               /* enum elfld_sym_bind (ELF STB_* value) */
    const char *name;       /* in the library's string table */
    const char *version;    /* version name, or NULL when unversioned */
    int hidden_version;     /* 1 when the version is hidden (non-default) */
    elfld_lib *lib;         /* the defining library */
};

/*
 * Look up `name` in `lib` with an explicit version: NULL means the default version (or an
 * unversioned symbol); a name selects exactly that version, hidden ones included.
 * Returns 0 and fills *out, ELFLD_ENOTFOUND, ELFLD_EBUSY (not linked) or ELFLD_EINVAL.
 */
int elfld_sym_info(elfld_lib *lib, const char *name, const char *version,
                   struct elfld_syminfo *out);

/*
 * As elfld_sym_info(), searching `lib` and then its dependencies breadth-first (the order in
 * which dlsym() searches a handle from dlopen()).  out->lib is the library that defines it.
 */
int elfld_sym_deps(elfld_lib *lib, const char *name, const char *version,
                   struct elfld_syminfo *out);

/*
 * Address to symbol: find the library whose image contains `addr` and the nearest preceding
 * symbol that covers it (or the nearest preceding one when sizes are 0): a dynamic symbol of
 * a shared object; any defined symbol of an object module, locals included, when the host
 * has image_ready (the link then records them; without it, the module's exported ones).
 * Returns 0 and fills *out (out->addr is the symbol start; out->name and out->addr NULL when
 * no symbol precedes `addr` in its library, which out->lib still names), or ELFLD_ENOTFOUND
 * when no library of the context holds `addr`.
 */
int elfld_addr_info(elfld_ctx *ctx, const void *addr, struct elfld_syminfo *out);

/* ---------------------------------------------------------------- thread-local storage */

/*
 * A library with a PT_TLS segment is a TLS module of its context.  A dynamic module (general-
 * or local-dynamic code, TLS descriptors) gets a block per thread on that thread's first
 * access, through the host's tls_key_* hooks; blocks are freed when their thread exits, when
 * the context is destroyed, and - for a library that was unloaded - by the calling thread at
 * once and by every other thread at its exit or when it next needs the id.  An initial-exec
 * module (DF_STATIC_TLS) lives in the host's static TLS area (tls_static_reserve), at one
 * offset from every thread's thread pointer.  Loaded code's __tls_get_addr (i386: also
 * ___tls_get_addr) is libelfld's own, never the system's.  TLS accesses from loaded code follow
 * the rule for lazy binding (top of this file).
 *
 * elfld_sym() and elfld_sym_info() of a thread-local symbol give its address in the calling
 * thread (its block made on first use; NULL from elfld_sym when that fails), as dlsym does;
 * elfld_addr_info() never answers with a thread-local symbol.
 */

/* The calling thread's thread pointer, as loaded code's TLS sequences read it (%fs:0,
 * %gs:0, TPIDR_EL0, TPIDRURO, tp, $tp).  A host computes its static TLS offsets from it. */
uintptr_t elfld_thread_pointer(void);

/*
 * For hosts that create threads themselves (kernels, RTOS schedulers) and promise
 * ELFLD_TLS_STATIC_INIT_THREADS: copy every static module's initialisation image (and zeros)
 * into the static TLS of the thread whose thread pointer is `thread_pointer`, before it runs
 * loaded code.  Returns 0 or ELFLD_EINVAL.
 */
int elfld_tls_init_thread(elfld_ctx *ctx, uintptr_t thread_pointer);

/* ---------------------------------------------------------------- lifetime */

/* Take one more reference.  Returns lib (NULL for NULL). */
elfld_lib *elfld_retain(elfld_lib *lib);

/*
 * Drop one reference.  At zero the library's destructors run (DT_FINI_ARRAY in reverse, then
 * DT_FINI), it is unmapped (unless NODELETE), and it drops its references on the libraries it
 * bound to.  NULL is ignored.
 */
void elfld_release(elfld_lib *lib);

/*
 * Handles after their end.  After a library's last elfld_release, or once its context is
 * destroyed, its handle must not be used again (no second release, no elfld_sym); after
 * elfld_ctx_destroy, neither may the context's.  Doing so is undefined behaviour in a normal
 * build (the records are freed).  Built with the meson option handle_checks
 * (-Dhandle_checks=true, or ELFLD_HANDLE_CHECKS defined when compiling the core), such a call
 * is caught instead: released records are poisoned and kept (never given back to the host),
 * and the call fails as it would for a NULL handle (ELFLD_EINVAL, NULL, 0 or nothing) after
 * logging "<function>: library ... was released" (or "... context was destroyed") through the
 * host's log hook.  That build is for debugging: it keeps a few hundred bytes per released
 * library and context.  NULL handles are refused in every build.
 */

/* ---------------------------------------------------------------- inspection */

/* Iterate over loaded libraries in load order: elfld_next(ctx, NULL) is the first; returns
 * NULL after the last.  Do not release `prev` while iterating past it. */
elfld_lib *elfld_next(elfld_ctx *ctx, elfld_lib *prev);

const char *elfld_name(const elfld_lib *lib);       /* name given at load */
uintptr_t elfld_base(const elfld_lib *lib);          /* load bias (address of vaddr 0) */
size_t elfld_size(const elfld_lib *lib);             /* bytes reserved for the image */
const char *elfld_soname(const elfld_lib *lib);      /* DT_SONAME or NULL */
unsigned elfld_refcount(const elfld_lib *lib);
/* The library whose image holds `addr`, or NULL. */
elfld_lib *elfld_lib_at(elfld_ctx *ctx, const void *addr);
unsigned elfld_flags(const elfld_lib *lib);          /* ELFLD_* flags, with DT_FLAGS merged */
elfld_ctx *elfld_context(const elfld_lib *lib);      /* the context it belongs to */
/* Its program headers where the image holds them (what dl_iterate_phdr reports; *phnum gets
 * their count), or NULL (then *phnum is 0) when no segment maps them. */
const void *elfld_phdrs(const elfld_lib *lib, unsigned *phnum);

#ifdef __cplusplus
}
#endif

#endif /* ELFLD_H */
