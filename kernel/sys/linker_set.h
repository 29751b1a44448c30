/*
 * Linker sets: each DATA_SET(set, sym) puts a pointer to sym into section
 * "set_<set>"; kernel.ld brackets every such section with
 * __start_set_<set> / __stop_set_<set>, so code can walk all entries that
 * any file contributed without a central list.
 */
#ifndef SYS_LINKER_SET_H
#define SYS_LINKER_SET_H

#define __MAKE_SET(set, sym)						\
	static void const *const __set_##set##_sym_##sym		\
	__attribute__((section("set_" #set), used, aligned(8))) = &(sym)

#define DATA_SET(set, sym)	__MAKE_SET_X(set, sym)
#define __MAKE_SET_X(set, sym)	__MAKE_SET(set, sym)

#define SET_DECLARE(set, ptype)						\
	extern ptype *__start_set_##set[];				\
	extern ptype *__stop_set_##set[]

#define SET_BEGIN(set)	(__start_set_##set)
#define SET_LIMIT(set)	(__stop_set_##set)
#define SET_COUNT(set)	((size_t)(SET_LIMIT(set) - SET_BEGIN(set)))
#define SET_FOREACH(pvar, set)						\
	for (pvar = SET_BEGIN(set); pvar < SET_LIMIT(set); pvar++)

#endif
