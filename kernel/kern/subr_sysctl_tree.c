/*
 * The sysctl tree's building and walking (sys/sysctl_tree.h): portable,
 * for kern/kern_sysctl.c and the host tests.
 */
#include <stddef.h>
#include <string.h>

#include <sys/errno.h>
#include <sanpo/sysctl.h>
#include <sys/sysctl_tree.h>

#define nitems(x)	(sizeof(x) / sizeof((x)[0]))

/* FreeBSD's numbers for the components everyone knows. */
static const struct {
	const char	*path;
	int		 number;
} sysctl_fixed[] = {
	{ "kern", 1 }, { "vm", 2 }, { "vfs", 3 }, { "net", 4 }, { "debug", 5 },
	{ "hw", 6 }, { "machdep", 7 }, { "user", 8 },
	{ "kern.ostype", 1 }, { "kern.osrelease", 2 }, { "kern.version", 4 },
	{ "kern.maxproc", 6 }, { "kern.hostname", 10 }, { "kern.boottime", 21 },
	{ "hw.model", 2 }, { "hw.ncpu", 3 }, { "hw.physmem", 5 }, { "hw.usermem", 6 },
	{ "net.inet", 2 }, { "net.route", 17 }, { "net.link", 18 },
	{ "net.inet.ip", 0 }, { "net.inet.icmp", 1 }, { "net.inet.udp", 17 },
	{ "net.inet.ip.forwarding", 1 }, { "net.inet.ip.ttl", 3 },
	{ "net.inet.ip.stats", 12 },
	{ "net.inet.icmp.stats", 2 }, { "net.inet.icmp.icmplim", 3 },
	{ "net.inet.udp.stats", 2 }, { "net.inet.udp.recvspace", 4 },
};

/* Right to left from n: the components are only linked upwards. */
int
sysctl_node_path(const struct sysctl_node *n, char *buf, size_t len)
{
	const struct sysctl_node *p;
	size_t total = 0, at;

	for (p = n; p->parent != NULL; p = p->parent)
		total += p->complen + (total != 0);
	if (total + 1 > len)
		return (-1);
	buf[total] = '\0';
	at = total;
	for (p = n; p->parent != NULL; p = p->parent) {
		if (at != total)
			buf[--at] = '.';
		at -= p->complen;
		memcpy(buf + at, p->comp, p->complen);
	}
	return (0);
}

static struct sysctl_node *
tree_child(struct sysctl_tree *t, struct sysctl_node *parent, const char *comp,
    size_t complen)
{
	struct sysctl_node *c, **tail = &parent->child;

	for (c = parent->child; c != NULL; tail = &c->next, c = c->next)
		if (c->complen == complen && memcmp(c->comp, comp, complen) == 0)
			return (c);
	if (t->n == t->max)
		return (NULL);
	c = &t->nodes[t->n++];
	memset(c, 0, sizeof(*c));
	c->comp = comp;
	c->complen = complen;
	c->parent = parent;
	*tail = c;
	return (c);
}

static int
comp_cmp(const struct sysctl_node *a, const struct sysctl_node *b)
{
	size_t n = a->complen < b->complen ? a->complen : b->complen;
	int r = memcmp(a->comp, b->comp, n);

	return (r != 0 ? r : (a->complen > b->complen) - (a->complen < b->complen));
}

/* Numbers n's children (fixed or automatic) and sorts them by number. */
static void
tree_number(struct sysctl_node *n)
{
	struct sysctl_node *c, *sorted = NULL, **pp, *next;
	char path[256];
	unsigned i;
	int autonum = CTL_AUTO_START;

	/* Insertion sort by name first: automatic numbers follow name order. */
	for (c = n->child; c != NULL; c = next) {
		next = c->next;
		for (pp = &sorted; *pp != NULL && comp_cmp(*pp, c) < 0; pp = &(*pp)->next)
			;
		c->next = *pp;
		*pp = c;
	}
	for (c = sorted; c != NULL; c = c->next) {
		c->number = -1;
		if (sysctl_node_path(c, path, sizeof(path)) == 0)
			for (i = 0; i < nitems(sysctl_fixed); i++)
				if (strcmp(sysctl_fixed[i].path, path) == 0)
					c->number = sysctl_fixed[i].number;
		if (c->number < 0)
			c->number = autonum++;
	}
	/* Then by number (fixed ones are below CTL_AUTO_START: stable sort). */
	n->child = NULL;
	for (c = sorted; c != NULL; c = next) {
		next = c->next;
		for (pp = &n->child; *pp != NULL && (*pp)->number <= c->number; pp = &(*pp)->next)
			;
		c->next = *pp;
		*pp = c;
	}
	for (c = n->child; c != NULL; c = c->next)
		tree_number(c);
}

int
sysctl_tree_size(const char *const *names, int n)
{
	const char *s;
	int i, max = 1;

	for (i = 0; i < n; i++)
		for (max++, s = names[i]; (s = strchr(s, '.')) != NULL; s++)
			max++;
	return (max);
}

int
sysctl_tree_build(struct sysctl_tree *t, struct sysctl_node *nodes, int max,
    const char *const *names, const void *const *leaves, int n)
{
	struct sysctl_node *nd;
	const char *s, *dot;
	int i;

	t->nodes = nodes;
	t->max = max;
	t->n = 1;
	memset(&nodes[0], 0, sizeof(nodes[0]));
	for (i = 0; i < n; i++) {
		nd = &t->nodes[0];
		for (s = names[i]; nd != NULL; s = dot + 1) {
			dot = strchr(s, '.');
			if (dot == NULL) {
				nd = tree_child(t, nd, s, strlen(s));
				if (nd != NULL)
					nd->leaf = leaves[i];
				break;
			}
			nd = tree_child(t, nd, s, (size_t)(dot - s));
		}
		if (nd == NULL)
			return (-1);
	}
	tree_number(&t->nodes[0]);
	return (0);
}

struct sysctl_node *
sysctl_tree_find(struct sysctl_tree *t, const int *mib, unsigned len, int *error)
{
	struct sysctl_node *n = &t->nodes[0], *c;
	unsigned i;

	for (i = 0; i < len; i++) {
		if (n->child == NULL && n->leaf != NULL) {
			*error = ENOTDIR;
			return (NULL);
		}
		for (c = n->child; c != NULL && c->number != mib[i]; c = c->next)
			;
		if (c == NULL) {
			*error = ENOENT;
			return (NULL);
		}
		n = c;
	}
	return (n);
}

unsigned
sysctl_node_mib(const struct sysctl_node *n, int *mib)
{
	const struct sysctl_node *p;
	unsigned len = 0, i;

	for (p = n; p->parent != NULL; p = p->parent)
		len++;
	for (i = len, p = n; p->parent != NULL; p = p->parent)
		mib[--i] = p->number;
	return (len);
}

/* Depth first, in number order: the node after n (NULL at the end). */
static struct sysctl_node *
node_after(struct sysctl_node *n)
{
	if (n->child != NULL)
		return (n->child);
	while (n != NULL && n->next == NULL)
		n = n->parent;
	return (n != NULL ? n->next : NULL);
}

/* A mib that names nothing continues at the first node numbered above it. */
struct sysctl_node *
sysctl_tree_next(struct sysctl_tree *t, const int *mib, unsigned len)
{
	struct sysctl_node *n = &t->nodes[0], *c;
	unsigned i;

	for (i = 0; i < len; i++) {
		for (c = n->child; c != NULL && c->number < mib[i]; c = c->next)
			;
		if (c == NULL || c->number != mib[i]) {
			/* Nothing at mib[i]: continue at c, or after n's subtree. */
			if (c == NULL) {
				while (n != NULL && n->next == NULL)
					n = n->parent;
				n = n != NULL ? n->next : NULL;
			} else
				n = c;
			for (; n != NULL && n->leaf == NULL; n = node_after(n))
				;
			return (n);
		}
		n = c;
	}
	for (n = node_after(n); n != NULL && n->leaf == NULL; n = node_after(n))
		;
	return (n);
}


struct sysctl_node *
sysctl_tree_lookup(struct sysctl_tree *t, const char *name)
{
	struct sysctl_node *n = &t->nodes[0], *c;
	const char *s = name, *dot;
	size_t flen;

	do {
		dot = strchr(s, '.');
		flen = dot != NULL ? (size_t)(dot - s) : strlen(s);
		for (c = n->child; c != NULL; c = c->next)
			if (c->complen == flen && memcmp(c->comp, s, flen) == 0)
				break;
		if ((n = c) == NULL)
			return (NULL);
		s = dot + 1;
	} while (dot != NULL);
	return (n);
}

