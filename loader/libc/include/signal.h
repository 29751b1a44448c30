/* Sanpo libc: <signal.h> -- declarations only, there are no signals.
 * (Only lua.c uses it; the loader does not build lua.c.) */
#ifndef SANPO_LIBC_SIGNAL_H
#define SANPO_LIBC_SIGNAL_H
#include "libc_name.h"
typedef int LIBC(sig_atomic_t);
#ifndef SIGINT
#define SIGINT	2
#define SIGABRT	6
#define SIG_DFL	((void (*)(int))0)
#define SIG_IGN	((void (*)(int))1)
#define SIG_ERR	((void (*)(int))-1)
#endif
#endif
