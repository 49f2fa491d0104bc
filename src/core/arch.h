/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * arch.h - the interface between the generic core and the one arch backend compiled into a
 * build (arch/<arch>/).  The core asks a backend only:
 *   - "what kind is relocation type N, how wide is it, what is it called" (a const table),
 *   - "apply arch-specific type N at P" (for everything that is not a plain word store),
 *   - "prepare the PLT GOT for lazy binding" and provides the lazy trampoline (.S),
 *   - "is this e_flags value acceptable", "call this IFUNC resolver".
 * Each backend also provides arch_defs.h with ELFLD_ELFCLASS, ELFLD_EM, ELFLD_ARCH_NAME,
 * ELFLD_ARCH_RELA and struct elfld_arch_lazy (see arch/x86_64/arch_defs.h).
 */
#ifndef ELFLD_ARCH_H
#define ELFLD_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf.h"

#pragma GCC visibility push(hidden)   /* see util.h: the backend is part of libelfld.a */

struct elfld_lib;
struct elfld_arch_lazy;

/*
 * How the generic driver treats a dynamic relocation type.  The common kinds are applied by
 * the driver itself (no call into the backend); ELFLD_RK_ARCH goes to elfld_arch_apply().
 */
enum elfld_reloc_kind {
    ELFLD_RK_UNKNOWN = 0, /* not a type this backend knows: relocation hook or ELFLD_ERELTYPE */
    ELFLD_RK_NONE,        /* nothing to do */
    ELFLD_RK_RELATIVE,    /* word = B + A */
    ELFLD_RK_ABS,         /* word = S + A (REL arches: A is the word already at P) */
    ELFLD_RK_GLOB_DAT,    /* word = S (+ A on RELA arches whose psABI says so: the driver adds
                             the explicit addend, which compilers set to 0) */
    ELFLD_RK_JUMP_SLOT,   /* word = S, or lazily: word += B (points back into the PLT) */
    ELFLD_RK_IRELATIVE,   /* word = resolver(B + A)() */
    ELFLD_RK_COPY,        /* refused in libraries: ELFLD_ECOPY */
    ELFLD_RK_TLS,         /* a TLS type of static links only: ELFLD_ETLS naming the type */
    ELFLD_RK_ARCH,        /* backend-specific formula: elfld_arch_apply() */
    /* Thread-local storage (core/tls.c).  T: the symbol's offset in its module's TLS block
     * (st_value; 0 without a symbol, meaning the library's own module). */
    ELFLD_RK_DTPMOD,      /* word = the module's descriptor (what __tls_get_addr takes) */
    ELFLD_RK_DTPOFF,      /* word = T + A - ELFLD_ARCH_DTV_OFFSET */
    ELFLD_RK_TPOFF,       /* word = block - thread pointer + T + A (static TLS only) */
    ELFLD_RK_TPOFF_NEG,   /* word = thread pointer - block - T + A (i386 TLS_TPOFF32) */
    ELFLD_RK_TLSDESC,     /* two words: resolver, argument (REL: the addend is the argument;
                           * ELFLD_ARCH_TLSDESC_ARG_FIRST: argument, resolver) */
};

/* elfld_reloc_desc.flags */
#define ELFLD_RF_SYMSIZE 1u   /* the formula uses the symbol's size Z (R_*_SIZE*) */

struct elfld_reloc_desc {
    uint8_t kind;         /* enum elfld_reloc_kind */
    uint8_t size;         /* bytes written at P (0 for NONE) */
    uint8_t flags;        /* ELFLD_RF_* */
    const char *name;     /* "R_X86_64_PC32" */
};

/* The table of the types this arch knows, one row per slot: a type's slot is the type itself
 * unless arch_defs.h folds the types into a dense range (ELFLD_ARCH_RELOC_SLOT(type): AArch64's
 * dynamic types lie in bands from 256 to 1044).  Slots >= elfld_arch_reloc_count and rows
 * left zero are unknown types.  Read with elfld__reloc_desc. */
extern const struct elfld_reloc_desc elfld_arch_relocs[];
extern const uint32_t elfld_arch_reloc_count;
#ifndef ELFLD_ARCH_RELOC_SLOT
#define ELFLD_ARCH_RELOC_SLOT(type) (type)
#endif

/* Can this backend bind PLT calls lazily?  0 where its PLT cannot reach the trampoline
 * (arch/arm/arch_defs.h: M-profile): every JUMP_SLOT is then bound at load, as with
 * ELFLD_NOW. */
#ifndef ELFLD_ARCH_LAZY
#define ELFLD_ARCH_LAZY 1
#endif

/* A code address as an entry point or function pointer holds it, as the address of the
 * instruction (arch/arm/arch_defs.h: the Thumb bit cleared); the address itself elsewhere. */
#ifndef ELFLD_ARCH_CODE_ADDRESS
#define ELFLD_ARCH_CODE_ADDRESS(addr) (addr)
#endif

/* Start a program: switch to stack pointer `sp`, set the registers the psABI gives a new
 * process, jump to `entry` (arch/<arch>/start.S).  Never returns; not declared noreturn, so
 * that the caller's trap after it ends the caller's code for tools that follow it (objtool
 * in a kernel build). */
void elfld_arch_start(uintptr_t entry, uintptr_t sp);

/* The row of relocation type `type`, NULL for a type past the table. */
static inline const struct elfld_reloc_desc *elfld__reloc_desc(uint32_t type) {
    uint32_t slot = ELFLD_ARCH_RELOC_SLOT(type);
    return slot < elfld_arch_reloc_count ? &elfld_arch_relocs[slot] : NULL;
}

/*
 * Apply an ELFLD_RK_ARCH relocation at `where`.
 *   S: resolved symbol value (0 when the relocation has no symbol or an undefined weak one)
 *   A: explicit addend when `rela` is 1; when `rela` is 0 the backend reads the implicit
 *      addend from the place itself
 *   B: load bias; Z: symbol size (st_size)
 * Returns 0, ELFLD_ERANGE (value does not fit) or ELFLD_ERELTYPE.
 */
int elfld_arch_apply(uint32_t type, void *where, uintptr_t S, intptr_t A, int rela, uintptr_t B,
                     size_t Z);

/* Check e_flags (float ABI, EABI version...).  Returns 0 or ELFLD_EMACHINE. */
int elfld_arch_check_flags(uint32_t e_flags);

/* Number of reserved words at DT_PLTGOT that elfld_arch_lazy_init() writes (the core checks
 * they lie in the image's writable part before calling it). */
extern const uint32_t elfld_arch_pltgot_reserved;

/*
 * Prepare lazy binding for `lib`: fill lib->arch_lazy and write the library pointer and the
 * trampoline address into the reserved PLT GOT words at `pltgot`.  The trampoline calls
 * elfld__lazy_bind(lib, index of the JMPREL record) and jumps to what it returns, with every
 * argument register of the calling convention preserved.  Returns 0 or an ELFLD_E* code
 * (ELFLD_ENOTSUP, or the code of a binding the arch must do eagerly and could not).
 */
int elfld_arch_lazy_init(struct elfld_lib *lib, elf_addr *pltgot);

/* Call an IFUNC resolver with the arguments this arch's psABI gives it. */
uintptr_t elfld_arch_call_ifunc(uintptr_t resolver);

/*
 * Thread-local storage.  arch_defs.h defines ELFLD_ARCH_DTV_OFFSET (the bias the psABI puts
 * on DTP-relative offsets: 0x800 on RISC-V, else 0), ELFLD_ARCH_GENERAL_REGS_ONLY (the
 * attribute that keeps a C function off floating-point and vector registers, or nothing
 * where the compiler never uses them for integer code) and, when compiling for the arch,
 * ELFLD_ARCH_READ_TP (an inline read of the thread pointer); Arm also
 * ELFLD_ARCH_TLSDESC_ARG_FIRST (its descriptors are {argument, resolver}, and a REL record's
 * addend is the argument word only for symbol 0: with a symbol the linker's marker is there).
 *
 * elfld_arch_tls_entries: the names by which loaded code calls the dynamic TLS entry (every
 * arch's __tls_get_addr; i386's ___tls_get_addr takes its argument in %eax), each bound to
 * libelfld's own code, never to the system's.  The TLSDESC resolvers, called by the arch's
 * descriptor sequence and preserving what it requires: `static` returns the descriptor's
 * argument word; `dynamic` finds the block through elfld__tls_desc_fast / _slow (tls.h).
 * 0 where the backend has none: a TLSDESC record there is refused with ELFLD_ETLS.
 */
struct elfld_arch_tls_entry {
    const char *name;
    void (*fn)(void);
};
/* The thread pointer as the arch's TLS code sequences read it. */
uintptr_t elfld_arch_thread_pointer(void);
/* The same, inline where the backend says how (the dynamic TLS access path). */
ELFLD_ARCH_GENERAL_REGS_ONLY static inline uintptr_t elfld__thread_pointer(void) {
#ifdef ELFLD_ARCH_READ_TP
    uintptr_t tp;
    ELFLD_ARCH_READ_TP(tp);
    return tp;
#else
    return elfld_arch_thread_pointer();
#endif
}
extern const struct elfld_arch_tls_entry elfld_arch_tls_entries[];
extern const uint32_t elfld_arch_tls_entry_count;
extern void (*const elfld_arch_tlsdesc_static)(void);
extern void (*const elfld_arch_tlsdesc_dynamic)(void);
#ifdef ELFLD_ARCH_TLS_CACHED_ENTRIES
/* Where the backend defines ELFLD_ARCH_TLS_CACHED_ENTRIES: the same two entries with the
 * thread-pointer cache lookup written for the arch, falling back to the general ones on a
 * miss.  __tls_get_addr's is bound in a context that has a cache (it stays until the
 * context is destroyed); it needs no test for an uncached module, whose entry is the
 * context's entry 0 that never matches.  The descriptor resolver is a cached module's. */
extern void (*const elfld_arch_tls_get_addr_cached)(void);
extern void (*const elfld_arch_tlsdesc_cached)(void);
#endif
/* Called once for every library with a TLS module before its relocations (x86_64: the vector
 * state its descriptor resolver saves, as for lazy binding). */
void elfld_arch_tls_prepare(struct elfld_lib *lib);

/* Provided by the core (lib.c), for elfld_arch_lazy_init and elfld_arch_tls_prepare: fill
 * lib->arch_lazy with what probe() finds out about the CPU, calling it once per context (a
 * CPU probe such as x86's cpuid traps to the hypervisor in a virtual machine: tens of
 * microseconds for every library if it were repeated).  Contexts are not shared during a
 * load, so the first load that needs it writes it. */
void elfld__arch_lazy_probe_once(struct elfld_lib *lib, void (*probe)(struct elfld_arch_lazy *));

/* Provided by the core (src/lazy.c), called by the arch trampoline.  Never returns 0. */
uintptr_t elfld__lazy_bind(struct elfld_lib *lib, size_t reloc_index);

/* ================================================================ relocatable objects (.o)
 *
 * The object linker (src/object/) lays out sections, builds a GOT and branch stubs, and asks
 * the backend two things per relocation: in a counting pass before memory is reserved, "what
 * does type N need" (elfld_arch_obj_classify), and in the emit pass, "apply it"
 * (elfld_arch_obj_apply) with every address the formula may use already computed.
 */

/* Flags returned by elfld_arch_obj_classify(); 0 means "unknown type". */
#define ELFLD_OBJ_KNOWN    0x001u  /* a type this backend applies in objects */
#define ELFLD_OBJ_GOT      0x002u  /* needs a GOT slot holding S: G is its address */
#define ELFLD_OBJ_BRANCH   0x004u  /* a call or jump: may need a stub when S is out of range */
#define ELFLD_OBJ_TLS      0x008u  /* thread-local: what the core computes for it is its
                                      ELFLD_OBJ_TLS_FORM; without ELFLD_OBJ_KNOWN or without a
                                      form (a type the backend does not apply) refused with
                                      ELFLD_ETLS */
#define ELFLD_OBJ_PAIR_HI  0x010u  /* first half of a pc-relative pair (RISC-V PCREL_HI20,
                                      GOT_HI20): the LO half finds it by its location */
#define ELFLD_OBJ_PAIR_LO  0x020u  /* second half: the symbol is the HI instruction's label */
#define ELFLD_OBJ_NOP      0x040u  /* marker only (RELAX, ...): nothing to apply */
#define ELFLD_OBJ_GOT_BASE 0x080u  /* uses the GOT base address (GOTPC, GOTOFF, BASE_PREL) */
#define ELFLD_OBJ_NEAR_BRANCH 0x1000u /* a branch that gets no veneer (conditional and short
                                         branches the psABI gives none; RISC-V JAL, whose
                                         jumps may have the veneer's scratch register live):
                                         out of reach is an error naming the distance */
#define ELFLD_OBJ_GOT_TLS_GD 0x10000u /* a GOT type that, against a thread-local symbol,
                                         addresses the symbol's general-dynamic pair (form
                                         GD) instead of a slot holding S: LoongArch writes
                                         the low halves of its GD and LD sequences as
                                         GOT_PC_LO12 (extreme code model: and GOT64_PC_*)
                                         against the variable */

/*
 * Bits 15:13 of a thread-local type's flags: what the core computes for it, so that the
 * backend applies the type's formula as for any other type.  "The module" is the defining
 * library's TLS module; "offset" the variable's offset in its block.
 *   GD      G: a GOT pair {module, offset less the DTV bias} (the tls_index of
 *           __tls_get_addr; general dynamic)
 *   LD      G: the image's own pair {module, 0} (local dynamic)
 *   IE      G: a GOT slot holding the offset from the thread pointer (initial exec: the
 *           module must be in static TLS)
 *   DESC    G: a GOT pair that is a TLS descriptor {resolver, argument}
 *   DTPOFF  S: the offset less the DTV bias (local dynamic's second half, debug info)
 *   TPOFF   S: the offset from the thread pointer (local exec: the image's own module, in
 *           static TLS)
 *   MARK    nothing to apply (a descriptor call's marker)
 */
#define ELFLD_OBJ_TLS_FORM(n)     ((unsigned)(n) << 13)
#define ELFLD_OBJ_TLS_FORM_OF(f)  (((f) >> 13) & 7u)
enum elfld_obj_tls_form {
    ELFLD_TLS_GD = 1, ELFLD_TLS_LD, ELFLD_TLS_IE, ELFLD_TLS_DESC, ELFLD_TLS_DTPOFF,
    ELFLD_TLS_TPOFF, ELFLD_TLS_MARK,
};

/*
 * Bits 11:8 of the flags of a type the backend applies: the bytes its field takes at the place,
 * everything the backend reads or writes there (an instruction: 4, a Thumb-16 or RISC-V
 * compressed one 2, an auipc+jalr pair 8; a data word its width; a 6-bit field its byte; 0:
 * nothing, as ALIGN), or ELFLD_OBJ_ULEB128 for a ULEB128, whose own bytes give its length.
 * The core applies a record only when the whole field lies inside its section.
 */
#define ELFLD_OBJ_FIELD(n)      ((unsigned)(n) << 8)
#define ELFLD_OBJ_FIELD_MASK    ELFLD_OBJ_FIELD(15)
#define ELFLD_OBJ_FIELD_OF(f)   (((f) & ELFLD_OBJ_FIELD_MASK) >> 8)
#define ELFLD_OBJ_ULEB128       15u    /* ELFLD_OBJ_FIELD(ELFLD_OBJ_ULEB128): a ULEB128 */

/* Classify static relocation `type`; *name gets its name ("R_X86_64_PLT32") or NULL. */
unsigned elfld_arch_obj_classify(uint32_t type, const char **name);

/* Everything a static relocation formula may need, computed by the object linker. */
struct elfld_obj_reloc {
    uint32_t type;
    unsigned char *where;    /* the place (writable while linking) */
    uintptr_t P;             /* its run-time address */
    uintptr_t S;             /* symbol address; 0 for undefined weak; Thumb functions have bit 0
                                set; for ELFLD_OBJ_PAIR_LO the address of the HI instruction */
    intptr_t A;              /* explicit addend when rela, else 0 (the backend reads the place) */
    int rela;
    uintptr_t G;             /* ELFLD_OBJ_GOT: address of the GOT slot holding S */
    uintptr_t GOT;           /* address of the image's GOT (ELFLD_OBJ_GOT_BASE) */
    unsigned char *stub;     /* ELFLD_OBJ_BRANCH: the veneer this branch may use
                                (elfld_arch_stub_size bytes, writable, in the area after its
                                section), NULL when none was planned */
    uintptr_t stub_addr;     /* run-time address of that area */
    uintptr_t hi_value;      /* ELFLD_OBJ_PAIR_LO: value of the paired HI: (S or G) + A - P_hi */
    size_t Z;                /* symbol size */
    unsigned sym_type;       /* STT_* of the symbol */
    bool outside;            /* S is resolved outside the image (an undefined or absolute
                                symbol): an untyped S then is a function's address, whose bit 0
                                marks its instruction set (Arm) */
    uintptr_t before;        /* bytes of its section before `where` (x86 reads the opcode and
                                ModRM bytes that precede a GOT field only when they are there) */
    bool code;               /* its section is executable: a branch type's field there belongs
                                to an instruction (x86 PLT32: a call's or a data word's) */
};

/*
 * Apply one static relocation.  Its whole field (the size elfld_arch_obj_classify states; for
 * a ULEB128 every byte up to its last) lies inside its section: the backend reads and writes
 * only those bytes at the place, and the r->before bytes of the section that precede it.  At
 * least 16 bytes of image precede the place, but bytes before the section are another
 * section's: an instruction's opcode bytes before the field are inspected only when
 * r->before covers them.
 * A branch whose target is out of range goes through r->stub
 * (the backend writes the stub there: stubs are per target and may be written more than once
 * with identical bytes); without a stub it fails with ELFLD_ERANGE.  Returns 0, ELFLD_ERANGE,
 * ELFLD_ERELTYPE, or ELFLD_ERELOC (e.g. an ALIGN the unrelaxed code cannot satisfy).
 */
int elfld_arch_obj_apply(const struct elfld_obj_reloc *r);

/* Bytes of one veneer, at most 64 (0: every branch reaches everything). */
extern const uint32_t elfld_arch_stub_size;

/*
 * The reach of branch type `type` (ELFLD_OBJ_BRANCH): 2^(bits-1) for a signed field of `bits`
 * bits of byte offset, so every distance shorter than it encodes; 0 when the branch reaches
 * every address.  The count pass plans a veneer for a branch to a target inside the image
 * only when the image's text could be longer than this.
 */
uintptr_t elfld_arch_obj_branch_reach(uint32_t type);

/*
 * Whether a branch of `type` to a symbol of value `value` (st_value, with whatever marks the
 * target's instruction set: Arm's Thumb bit 0) and type `sym_type` (STT_*) needs a veneer
 * at any distance because it cannot switch to the target's instruction set (an Arm B to
 * Thumb code).  Known before layout, so the count pass plans the veneer.
 */
bool elfld_arch_obj_branch_switches(uint32_t type, uintptr_t value, unsigned sym_type);

/*
 * Placement: what a field of static relocation `type` demands of where the image lies.
 *   ELFLD_REACH_PCREL  S + A - P must lie in [*lo, *hi]: the image must be near a target
 *                      outside it (non-PIC code addressing the host's data directly);
 *   ELFLD_REACH_ABS    S + A must lie in [*lo, *hi] (as a signed number: a sign-extended
 *                      32-bit field holds the lowest and the highest 2 GiB): the image's own
 *                      symbols must have such addresses;
 *   ELFLD_REACH_ANY    the field reaches every target it can be given (64-bit fields, GOT
 *                      slots and the GOT, which lie in the image, branches that get veneers,
 *                      and every field of an arch whose 32-bit arithmetic wraps).
 * `field` is the input's bytes at the place (`room` of them up to the end of its section),
 * for types whose reach depends on the instruction sequence.  The bounds may be narrower than
 * the field's own by a page where a formula rounds to pages.
 */
#define ELFLD_REACH_ANY   0u
#define ELFLD_REACH_PCREL 1u
#define ELFLD_REACH_ABS   2u
unsigned elfld_arch_obj_reach(uint32_t type, const unsigned char *field, size_t room,
                              intptr_t *lo, intptr_t *hi);

#pragma GCC visibility pop

#endif /* ELFLD_ARCH_H */
