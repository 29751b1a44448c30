# Kernel glue of IPsec key management: start-up, the once-a-second
# lifetime timer, sysctls, and the setkey shell command.
KERNEL_SRCS += kernel/netipsec/ipsec_kern.c kernel/netipsec/setkey_cmd.c
