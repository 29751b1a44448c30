/*
 * Polled 16550 UART driver for the console on COM1 (I/O port 0x3f8),
 * 115200 8N1.  Polled, not interrupt-driven, so it works from the first
 * instruction and inside panic and exception handlers.
 */
#include <machine/cpufunc.h>
#include <dev/uart/uart_16550.h>

#define COM1		0x3f8
#define REG_DATA	0	/* RBR/THR; DLL when DLAB=1 */
#define REG_IER		1	/* interrupt enable; DLM when DLAB=1 */
#define REG_FCR		2	/* FIFO control */
#define REG_LCR		3	/* line control */
#define REG_MCR		4	/* modem control */
#define REG_LSR		5	/* line status */
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_DR		0x01	/* data ready */
#define LSR_THRE	0x20	/* transmit holding register empty */

void
uart_init(void)
{
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, 1);	/* divisor 1: 115200 baud */
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, LCR_8N1);
	outb(COM1 + REG_FCR, 0xc7);	/* enable and clear FIFOs, 14-byte threshold */
	outb(COM1 + REG_MCR, 0x03);	/* DTR, RTS */
}

void
uart_putc(int c)
{
	int spins = 100000;

	/* Bounded wait: a wedged port must not hang the kernel. */
	while ((inb(COM1 + REG_LSR) & LSR_THRE) == 0 && --spins > 0)
		cpu_pause();
	outb(COM1 + REG_DATA, (uint8_t)c);
}

int
uart_getc_nowait(void)
{
	if ((inb(COM1 + REG_LSR) & LSR_DR) == 0)
		return (-1);
	return (inb(COM1 + REG_DATA));
}
