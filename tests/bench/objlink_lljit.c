/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * objlink_lljit.c - LLVM's LLJIT (ORC) for objlink.c, through the LLVM-C API of LLVM 14: start
 * initialises the native target and creates a default LLJIT instance (its object layer is the
 * one LLJIT 14 picks for ELF x86-64: RTDyldObjectLinkingLayer, i.e. RuntimeDyld, as callgrind
 * profiles of this program show), whose main JITDylib gets a generator that resolves the
 * process's symbols (the C library) through dlsym; link adds every input object file (read
 * with LLVMCreateMemoryBufferWithContentsOfFile) to the main JITDylib.  LLJIT links an object
 * when one of its symbols is first looked up, so the lookups (objlink.c's --force list and the
 * check's own) are where the linking work happens.  Archives are not accepted: the driver
 * gives their members as separate objects.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>

#include "objlink.h"

static LLVMOrcLLJITRef jit;

/* Copies an LLVM error's message to err and frees both. */
static int fail(LLVMErrorRef e, const char *what, char *err, size_t errsize) {
    char *msg = LLVMGetErrorMessage(e);
    snprintf(err, errsize, "%s: %s", what, msg);
    LLVMDisposeErrorMessage(msg);
    return -1;
}

static int jit_start(char **envp, char *err, size_t errsize) {
    (void)envp;
    if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter()) {
        snprintf(err, errsize, "no native target in this LLVM");
        return -1;
    }
    LLVMErrorRef e = LLVMOrcCreateLLJIT(&jit, NULL);
    if (e)
        return fail(e, "LLVMOrcCreateLLJIT", err, errsize);
    LLVMOrcDefinitionGeneratorRef gen;
    e = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&gen,
                                                             LLVMOrcLLJITGetGlobalPrefix(jit),
                                                             NULL, NULL);
    if (e)
        return fail(e, "LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess", err, errsize);
    LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(jit), gen);
    return 0;
}

static int jit_link(const char *const *inputs, int count, char *err, size_t errsize) {
    LLVMOrcJITDylibRef jd = LLVMOrcLLJITGetMainJITDylib(jit);
    for (int i = 0; i < count; i++) {
        LLVMMemoryBufferRef buf;
        char *msg = NULL;
        if (LLVMCreateMemoryBufferWithContentsOfFile(inputs[i], &buf, &msg)) {
            snprintf(err, errsize, "%s: %s", inputs[i], msg ? msg : "cannot read");
            LLVMDisposeMessage(msg);
            return -1;
        }
        LLVMErrorRef e = LLVMOrcLLJITAddObjectFile(jit, jd, buf);
        if (e)
            return fail(e, inputs[i], err, errsize);
    }
    return 0;
}

static void *jit_sym(const char *name, char *err, size_t errsize) {
    LLVMOrcExecutorAddress addr = 0;
    LLVMErrorRef e = LLVMOrcLLJITLookup(jit, &addr, name);
    if (e) {
        fail(e, "LLVMOrcLLJITLookup", err, errsize);
        return NULL;
    }
    return (void *)(uintptr_t)addr;
}

const struct objlink_loader objlink_loader = {"lljit", jit_start, jit_link, jit_sym};
