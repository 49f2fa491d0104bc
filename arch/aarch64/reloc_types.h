/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * reloc_types.h - AArch64 (ELF64, LP64) relocation type codes, for the backend (reloc.c,
 * object.c) and its tests.  Names and values: "ELF for the Arm 64-bit Architecture" (aaelf64),
 * section "Relocation", the tables named below (ELF64 Code column, <CLS> = AARCH64); the
 * spelling is the one glibc's <elf.h> uses, and every name <elf.h> also defines has the same
 * value there, so a file may include both.  Only the codes this backend names are listed.
 */
#ifndef ELFLD_AARCH64_RELOC_TYPES_H
#define ELFLD_AARCH64_RELOC_TYPES_H

/* Table "Null relocation codes".  Code 256 is listed there as "withdrawn", without a name of its
 * own: "Treat as R_<CLS>_NONE" (binutils and Go call it R_AARCH64_NULL). */
#define R_AARCH64_NONE                             0
#define R_AARCH64_NONE_WITHDRAWN                   256

/* Table "Data relocations" (R_AARCH64_PLT32, 314, is in it too: listed by code, below). */
#define R_AARCH64_ABS64                            257
#define R_AARCH64_ABS32                            258
#define R_AARCH64_ABS16                            259
#define R_AARCH64_PREL64                           260
#define R_AARCH64_PREL32                           261
#define R_AARCH64_PREL16                           262

/* Tables "Group relocations to create a 16-, 32-, 48-, or 64-bit unsigned data value or
 * address inline" and "... signed data or offset value inline". */
#define R_AARCH64_MOVW_UABS_G0                     263
#define R_AARCH64_MOVW_UABS_G0_NC                  264
#define R_AARCH64_MOVW_UABS_G1                     265
#define R_AARCH64_MOVW_UABS_G1_NC                  266
#define R_AARCH64_MOVW_UABS_G2                     267
#define R_AARCH64_MOVW_UABS_G2_NC                  268
#define R_AARCH64_MOVW_UABS_G3                     269
#define R_AARCH64_MOVW_SABS_G0                     270
#define R_AARCH64_MOVW_SABS_G1                     271
#define R_AARCH64_MOVW_SABS_G2                     272

/* Tables "Relocations to generate 19, 21 and 33 bit PC-relative addresses" and "Relocations
 * for control-flow instructions" (interleaved by code). */
#define R_AARCH64_LD_PREL_LO19                     273
#define R_AARCH64_ADR_PREL_LO21                    274
#define R_AARCH64_ADR_PREL_PG_HI21                 275
#define R_AARCH64_ADR_PREL_PG_HI21_NC              276
#define R_AARCH64_ADD_ABS_LO12_NC                  277
#define R_AARCH64_LDST8_ABS_LO12_NC                278
#define R_AARCH64_TSTBR14                          279
#define R_AARCH64_CONDBR19                         280
#define R_AARCH64_JUMP26                           282
#define R_AARCH64_CALL26                           283
#define R_AARCH64_LDST16_ABS_LO12_NC               284
#define R_AARCH64_LDST32_ABS_LO12_NC               285
#define R_AARCH64_LDST64_ABS_LO12_NC               286

/* Table "Group relocations to create a 16, 32, 48, or 64 bit PC-relative offset inline"
 * (LDST128_ABS_LO12_NC, 299, belongs to the PC-relative addresses table above). */
#define R_AARCH64_MOVW_PREL_G0                     287
#define R_AARCH64_MOVW_PREL_G0_NC                  288
#define R_AARCH64_MOVW_PREL_G1                     289
#define R_AARCH64_MOVW_PREL_G1_NC                  290
#define R_AARCH64_MOVW_PREL_G2                     291
#define R_AARCH64_MOVW_PREL_G2_NC                  292
#define R_AARCH64_MOVW_PREL_G3                     293
#define R_AARCH64_LDST128_ABS_LO12_NC              299

/* Tables "Group relocations to create ... GOT-relative offsets inline", "GOT-relative data
 * relocations" and "GOT-relative instruction relocations"; then PLT32 (table "Data
 * relocations") and GOTPCREL32 (G(GDAT(S)) + A - P, a GOT-relative data word). */
#define R_AARCH64_MOVW_GOTOFF_G0                   300
#define R_AARCH64_MOVW_GOTOFF_G0_NC                301
#define R_AARCH64_MOVW_GOTOFF_G1                   302
#define R_AARCH64_MOVW_GOTOFF_G1_NC                303
#define R_AARCH64_MOVW_GOTOFF_G2                   304
#define R_AARCH64_MOVW_GOTOFF_G2_NC                305
#define R_AARCH64_MOVW_GOTOFF_G3                   306
#define R_AARCH64_GOTREL64                         307
#define R_AARCH64_GOTREL32                         308
#define R_AARCH64_GOT_LD_PREL19                    309
#define R_AARCH64_LD64_GOTOFF_LO15                 310
#define R_AARCH64_ADR_GOT_PAGE                     311
#define R_AARCH64_LD64_GOT_LO12_NC                 312
#define R_AARCH64_LD64_GOTPAGE_LO15                313
#define R_AARCH64_PLT32                            314
#define R_AARCH64_GOTPCREL32                       315

/* Thread-local storage: tables "General Dynamic TLS relocations", "Local Dynamic TLS
 * relocations", "Initial Exec TLS relocations", "Local Exec TLS relocations" and "TLS
 * descriptor relocations". */
#define R_AARCH64_TLSGD_ADR_PREL21                 512
#define R_AARCH64_TLSGD_ADR_PAGE21                 513
#define R_AARCH64_TLSGD_ADD_LO12_NC                514
#define R_AARCH64_TLSGD_MOVW_G1                    515
#define R_AARCH64_TLSGD_MOVW_G0_NC                 516
#define R_AARCH64_TLSLD_ADR_PREL21                 517
#define R_AARCH64_TLSLD_ADR_PAGE21                 518
#define R_AARCH64_TLSLD_ADD_LO12_NC                519
#define R_AARCH64_TLSLD_MOVW_G1                    520
#define R_AARCH64_TLSLD_MOVW_G0_NC                 521
#define R_AARCH64_TLSLD_LD_PREL19                  522
#define R_AARCH64_TLSLD_MOVW_DTPREL_G2             523
#define R_AARCH64_TLSLD_MOVW_DTPREL_G1             524
#define R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC          525
#define R_AARCH64_TLSLD_MOVW_DTPREL_G0             526
#define R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC          527
#define R_AARCH64_TLSLD_ADD_DTPREL_HI12            528
#define R_AARCH64_TLSLD_ADD_DTPREL_LO12            529
#define R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC         530
#define R_AARCH64_TLSLD_LDST8_DTPREL_LO12          531
#define R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC       532
#define R_AARCH64_TLSLD_LDST16_DTPREL_LO12         533
#define R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC      534
#define R_AARCH64_TLSLD_LDST32_DTPREL_LO12         535
#define R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC      536
#define R_AARCH64_TLSLD_LDST64_DTPREL_LO12         537
#define R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC      538
#define R_AARCH64_TLSIE_MOVW_GOTTPREL_G1           539
#define R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC        540
#define R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21        541
#define R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC      542
#define R_AARCH64_TLSIE_LD_GOTTPREL_PREL19         543
#define R_AARCH64_TLSLE_MOVW_TPREL_G2              544
#define R_AARCH64_TLSLE_MOVW_TPREL_G1              545
#define R_AARCH64_TLSLE_MOVW_TPREL_G1_NC           546
#define R_AARCH64_TLSLE_MOVW_TPREL_G0              547
#define R_AARCH64_TLSLE_MOVW_TPREL_G0_NC           548
#define R_AARCH64_TLSLE_ADD_TPREL_HI12             549
#define R_AARCH64_TLSLE_ADD_TPREL_LO12             550
#define R_AARCH64_TLSLE_ADD_TPREL_LO12_NC          551
#define R_AARCH64_TLSLE_LDST8_TPREL_LO12           552
#define R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC        553
#define R_AARCH64_TLSLE_LDST16_TPREL_LO12          554
#define R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC       555
#define R_AARCH64_TLSLE_LDST32_TPREL_LO12          556
#define R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC       557
#define R_AARCH64_TLSLE_LDST64_TPREL_LO12          558
#define R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC       559
#define R_AARCH64_TLSDESC_LD_PREL19                560
#define R_AARCH64_TLSDESC_ADR_PREL21               561
#define R_AARCH64_TLSDESC_ADR_PAGE21               562
#define R_AARCH64_TLSDESC_LD64_LO12                563
#define R_AARCH64_TLSDESC_ADD_LO12                 564
#define R_AARCH64_TLSDESC_OFF_G1                   565
#define R_AARCH64_TLSDESC_OFF_G0_NC                566
#define R_AARCH64_TLSDESC_LDR                      567
#define R_AARCH64_TLSDESC_ADD                      568
#define R_AARCH64_TLSDESC_CALL                     569
#define R_AARCH64_TLSLE_LDST128_TPREL_LO12         570
#define R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC      571
#define R_AARCH64_TLSLD_LDST128_DTPREL_LO12        572
#define R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC     573

/* "PAuth ABI Extension to ELF for the Arm 64-bit Architecture" (pauthabielf64), section
 * "Relocations": the static AUTH type. */
#define R_AARCH64_AUTH_ABS64                       580

/* Table "Dynamic relocations".  1028 and 1029 are R_<CLS>_TLS_IMPDEF1 / _IMPDEF2 there; glibc,
 * musl and binutils use them as DTPMOD and DTPREL, and so do these names (as in glibc's
 * <elf.h>). */
#define R_AARCH64_COPY                             1024
#define R_AARCH64_GLOB_DAT                         1025
#define R_AARCH64_JUMP_SLOT                        1026
#define R_AARCH64_RELATIVE                         1027
#define R_AARCH64_TLS_DTPMOD                       1028
#define R_AARCH64_TLS_DTPREL                       1029
#define R_AARCH64_TLS_TPREL                        1030
#define R_AARCH64_TLSDESC                          1031
#define R_AARCH64_IRELATIVE                        1032

/* pauthabielf64, section "Relocations": the dynamic AUTH types. */
#define R_AARCH64_AUTH_RELATIVE                    1041
#define R_AARCH64_AUTH_GLOB_DAT                    1042
#define R_AARCH64_AUTH_TLSDESC                     1043
#define R_AARCH64_AUTH_IRELATIVE                   1044

#endif
