/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * features.h - the parts of libelfld a build may leave out.  Each ELFLD_WITH_<PART> is 1
 * unless the build defines it 0 (meson options lazy, objects, shared_objects, messages and
 * frames; the make and CMake fragments' ELFLD_WITH_<PART> variables).
 *
 * A part left out is not compiled away by the preprocessor: every use of it stands behind a
 * plain `if (ELFLD_WITH_<PART>)`, so both configurations are type-checked by every build, the
 * compiler drops the dead calls, and the linker never keeps the functions only they reached
 * (an archive member nothing names is not linked; --gc-sections drops the rest).
 *
 *   LAZY            lazy binding of PLT calls.  Without it every JUMP_SLOT is bound when
 *                   the library is linked, as with ELFLD_NOW (and fails the load the same
 *                   way when its symbol is missing).
 *   OBJECTS         the object linker: elfld_open_objects / elfld_load_objects.
 *   SHARED_OBJECTS  loading shared objects: elfld_open, elfld_open_mem, elfld_load,
 *                   elfld_load_mem, elfld_load_needed, and library inputs of an object link.
 *                   The host's own images (system_images) are still searched.
 *   MESSAGES        the text of diagnostics and the log and trace lines.  Without it a
 *                   failure still fills the diagnostic's code, phase, symbol, relocation and
 *                   segment fields; its message is elfld_strerror(code), and the log hook
 *                   is never called.
 *   FRAMES          the images' frame tables (.eh_frame, .eh_frame_hdr, .ARM.exidx) checked
 *                   and handed to the host's image_ready, for unwinders.  Without it
 *                   image_ready gets none (as for an image that has none): a firmware
 *                   without an unwinder does not carry the check.
 *
 * A call into a part left out fails with ELFLD_ENOTSUP.  elfld_features() tells a program
 * which parts its library has.
 */
#ifndef ELFLD_CORE_FEATURES_H
#define ELFLD_CORE_FEATURES_H

#ifndef ELFLD_WITH_LAZY
#define ELFLD_WITH_LAZY 1
#endif
#ifndef ELFLD_WITH_OBJECTS
#define ELFLD_WITH_OBJECTS 1
#endif
#ifndef ELFLD_WITH_SHARED_OBJECTS
#define ELFLD_WITH_SHARED_OBJECTS 1
#endif
#ifndef ELFLD_WITH_MESSAGES
#define ELFLD_WITH_MESSAGES 1
#endif
#ifndef ELFLD_WITH_FRAMES
#define ELFLD_WITH_FRAMES 1
#endif

#if !ELFLD_WITH_OBJECTS && !ELFLD_WITH_SHARED_OBJECTS
#error "libelfld without the object linker and without the shared-object loader loads nothing"
#endif

#endif /* ELFLD_CORE_FEATURES_H */
