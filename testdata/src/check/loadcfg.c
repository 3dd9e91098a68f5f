/*
 * The load configuration a CRT would supply (there is no CRT here): a security cookie for /GS,
 * and the symbols lld-link fills in for Control Flow Guard (__guard_*) and, on x86, for the
 * SafeSEH handler table (__safe_se_handler_*). Fields up to GuardFlags, the Windows 8.1 size.
 */
#include "mini.h"

typedef unsigned long long u64;
#ifdef _WIN64
typedef u64 ptr_t;
#else
typedef unsigned long ptr_t;
#endif

/* lld-link defines these; a count is the symbol's address, not what it points at. */
extern char __guard_fids_table[], __guard_fids_count[];
#ifndef _WIN64
extern char __safe_se_handler_table[], __safe_se_handler_count[];
#endif

static void guard_check_icall(void) {}
void *__guard_check_icall_fptr = (void *)guard_check_icall;
void *__guard_dispatch_icall_fptr = (void *)guard_check_icall;
ptr_t __security_cookie = (ptr_t)0x2B992DDFA232ULL;

struct load_config {
    DWORD Size, TimeDateStamp;
    unsigned short MajorVersion, MinorVersion;
    DWORD GlobalFlagsClear, GlobalFlagsSet, CriticalSectionDefaultTimeout;
    ptr_t DeCommitFreeBlockThreshold, DeCommitTotalFreeThreshold, LockPrefixTable, MaximumAllocationSize,
        VirtualMemoryThreshold, ProcessAffinityMask;
    DWORD ProcessHeapFlags;
    unsigned short CSDVersion, DependentLoadFlags;
    ptr_t EditList, SecurityCookie, SEHandlerTable, SEHandlerCount;
    ptr_t GuardCFCheckFunctionPointer, GuardCFDispatchFunctionPointer, GuardCFFunctionTable, GuardCFFunctionCount;
    DWORD GuardFlags;
};

const struct load_config _load_config_used = {
    .Size = sizeof(struct load_config),
    .SecurityCookie = (ptr_t)&__security_cookie,
#ifndef _WIN64
    .SEHandlerTable = (ptr_t)__safe_se_handler_table,
    .SEHandlerCount = (ptr_t)__safe_se_handler_count,
#endif
    .GuardCFCheckFunctionPointer = (ptr_t)&__guard_check_icall_fptr,
    .GuardCFDispatchFunctionPointer = (ptr_t)&__guard_dispatch_icall_fptr,
    .GuardCFFunctionTable = (ptr_t)__guard_fids_table,
    .GuardCFFunctionCount = (ptr_t)__guard_fids_count,
    /* CF_INSTRUMENTED | CF_FUNCTION_TABLE_PRESENT. lld-link's __guard_flags symbol says the same,
     * but C cannot truncate a 64-bit address to a 32-bit constant; a CRT writes it in assembly. */
    .GuardFlags = 0x100 | 0x400,
};
