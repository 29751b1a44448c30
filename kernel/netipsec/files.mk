# Kernel glue of IPsec key management: start-up, the once-a-second
# lifetime timer, sysctls, and socket(AF_KEY) for user space.
KERNEL_SRCS += kernel/netipsec/ipsec_kern.c kernel/netipsec/keysock_kern.c
