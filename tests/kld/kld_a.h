/* What kld_a.ko exports to the modules that depend on it (kld_b.ko). */
#ifndef TESTS_KLD_KLD_A_H
#define TESTS_KLD_KLD_A_H

int	kld_a_value(void);	/* 42, and counts its callers */

#endif
