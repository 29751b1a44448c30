/*
 * The UEFI platform layer: everything the loader core needs from the
 * firmware, behind plain C types.  loader/ never includes gnu-efi headers;
 * only the files in efi/ do.  That keeps the core testable on the host and makes the
 * firmware dependencies visible in one interface.
 */
#ifndef EFI_PLATFORM_H
#define EFI_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <sanpo/bootinfo.h>

/* --- console ---------------------------------------------------------- */
#define KEY_UP		0x101
#define KEY_DOWN	0x102
#define KEY_RIGHT	0x103
#define KEY_LEFT	0x104
#define KEY_ESC		0x1b

void	cons_putc(int c);		/* '\n' becomes CR LF */
void	cons_flush(void);
/* Next key (ASCII or KEY_*), waiting at most timeout_us (-1: forever); -1 on timeout. */
int	cons_getkey(int64_t timeout_us);

/* --- time ------------------------------------------------------------- */
void	plat_stall(uint64_t us);
uint64_t plat_time(void);		/* seconds since the epoch, from the RTC; 0 if unknown */

/* --- files on the volume the loader came from ------------------------- */
struct plat_dirent {
	char		name[256];	/* ASCII name (non-ASCII shown as '?') */
	int		is_dir;
	uint64_t	size;
};
typedef void plat_dir_cb(const struct plat_dirent *de, void *arg);

/*
 * Read a whole file.  On success *data (8-byte aligned, free with
 * plat_free) and *size are set; files over `limit` bytes are refused
 * without reading.  On failure err says why ("no such file", "... bytes,
 * over the limit of ...").
 */
int	plat_file_read(const char *path, void **data, uint64_t *size,
	    uint64_t limit, char *err, size_t errlen);
int	plat_stat(const char *path, struct plat_dirent *de);	/* 0 or -1 */
int	plat_dir_list(const char *path, plat_dir_cb *cb, void *arg,
	    char *err, size_t errlen);

/* --- memory ------------------------------------------------------------ */
void	*plat_alloc(size_t size);	/* pool memory, NULL when exhausted */
void	 plat_free(void *p);
/* Pages of the given EFI memory type at an address aligned to `align`. */
int	 plat_alloc_pages(uint64_t bytes, uint32_t efi_type, uint64_t align,
	    uint64_t *pa);
void	 plat_free_pages(uint64_t pa, uint64_t bytes);

/* --- tables the kernel wants --------------------------------------------- */
uint64_t plat_acpi_rsdp(uint32_t *revision);	/* 0 when absent */
void	 plat_framebuffer(struct sanpo_framebuffer *fb);
uint64_t plat_system_table(void);
uint64_t plat_memmap_highest(void);	/* highest physical address in the map */
void	 plat_efi_version(char *buf, size_t len);	/* "2.70": the UEFI revision */

/*
 * Leave boot services.  Fetches the final memory map into the caller's
 * buffer (retrying when the map key changes, as the spec requires), then
 * calls ExitBootServices.  Afterwards only the pure code of the loader may
 * run.  Returns 0, or -1 (boot services still active) with err set.
 */
int	plat_exit_boot_services(void *map, uint64_t map_cap, uint64_t *map_size,
	    uint64_t *desc_size, char *err, size_t errlen);
uint64_t plat_memmap_size_hint(void);	/* bytes a map buffer needs now, with slack */

/* --- firmware views for the OK prompt (they print on the console) -------- */
int	plat_memmap_print(void);			/* memmap */
void	plat_lsdev(int verbose);			/* lsdev */
void	plat_configuration_print(void);		/* configuration */
int	plat_lsefi_print(void);				/* lsefi */
int	plat_gop(int op, int mode);	/* gop: 0 list, 1 get, 2 set mode */
int	plat_efi_show(const char *name);		/* efi-show [name] */
/* Start an EFI application from the boot volume; returns when it exits. */
int	plat_chain(const char *path, char *err, size_t errlen);

/* --- power ------------------------------------------------------------- */
void	plat_reboot(void) __attribute__((noreturn));
/* Return to whoever started the loader (firmware boot manager, a chain). */
void	plat_exit(int status) __attribute__((noreturn));
void	plat_poweroff(void) __attribute__((noreturn));

#endif /* EFI_PLATFORM_H */
