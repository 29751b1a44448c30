/*
 * The sysctl tree: FreeBSD's numbered MIB over Sanpo's flat set of dotted
 * names (kern/kern_sysctl.c builds one per __sysctl call from the linker
 * set).  Portable: names in, nodes in the caller's storage out, no
 * allocation and no kernel state, so the walking is tested on the host
 * (tests/host/kernel/sysctl/).  Implementation: kern/subr_sysctl_tree.c.
 *
 * Numbering (<sanpo/sysctl.h>): FreeBSD's numbers for the components
 * everyone knows (kern 1, net 4, kern.ostype {1,1}...), the others from
 * CTL_AUTO_START in name order among their siblings.  Children are kept
 * in number order; a walk (sysctl_tree_next) goes depth first.
 */
#ifndef SYS_SYSCTL_TREE_H
#define SYS_SYSCTL_TREE_H

#include <stddef.h>

struct sysctl_node {
	const char		*comp;		/* this component, in a leaf's name */
	size_t			 complen;
	int			 number;
	const void		*leaf;		/* a leaf's oid (NULL: only a node) */
	struct sysctl_node	*parent;
	struct sysctl_node	*child;		/* children, by number */
	struct sysctl_node	*next;		/* next sibling, by number */
};

struct sysctl_tree {
	struct sysctl_node	*nodes;		/* nodes[0] is the root */
	int			 n, max;
};

/* Nodes a tree of these names needs at most (the root included). */
int	sysctl_tree_size(const char *const *names, int n);
/*
 * Builds the tree of names[i] (leaf i's cookie: leaves[i]) in nodes
 * (max of them: sysctl_tree_size's).  0, or -1 if max is too small.
 */
int	sysctl_tree_build(struct sysctl_tree *t, struct sysctl_node *nodes, int max,
	    const char *const *names, const void *const *leaves, int n);
/* The node mib[0..len) names; NULL with *error ENOENT, or ENOTDIR past a leaf. */
struct sysctl_node *sysctl_tree_find(struct sysctl_tree *t, const int *mib, unsigned len,
	    int *error);
/* The node a dotted name names ("kern", "kern.ostype"), or NULL. */
struct sysctl_node *sysctl_tree_lookup(struct sysctl_tree *t, const char *name);
/*
 * The first leaf after mib, FreeBSD's CTL_SYSCTL_NEXT (mib itself, when it
 * names a node, counts as before its children); NULL after the last.
 */
struct sysctl_node *sysctl_tree_next(struct sysctl_tree *t, const int *mib, unsigned len);
/* n's MIB into mib (CTL_MAXNAME ints at least); its length. */
unsigned sysctl_node_mib(const struct sysctl_node *n, int *mib);
/* n's dotted name into buf (len bytes); 0, or -1 if it does not fit. */
int	sysctl_node_path(const struct sysctl_node *n, char *buf, size_t len);

#endif /* SYS_SYSCTL_TREE_H */
