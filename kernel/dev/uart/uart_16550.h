/* The 16550 serial port used as the kernel console (COM1). */
#ifndef DEV_UART_16550_H
#define DEV_UART_16550_H

void	uart_init(void);
void	uart_putc(int c);
int	uart_getc_nowait(void);		/* -1 when no byte is waiting */
/*
 * Receive by interrupt (IRQ 4) from now on; notify() is called from the
 * interrupt handler after bytes arrived (it must not sleep).  -1 if the
 * IRQ could not be routed: input stays polled.
 */
int	uart_intr_attach(void (*notify)(void));

#endif
