--
-- What FreeBSD's core.lua and config.lua need from the loader beyond the
-- modules' functions (at the OK prompt only: it loads a kernel): the
-- variables the EFI loader sets, kernelname after `load`, `unload`,
-- require/dofile on the boot volume.
--
local t = dofile("/boot/t/api/check.lua").new("core")
local check = t.check

check((loader.getenv("efi-version") or ""):match("^%d+%.%d%d$") ~= nil, "efi-version is set (x.yy)")
check(loader.getenv("console") == "efi", "console is efi")
check((loader.getenv("acpi.rsdp") or ""):match("^0x%x+$") ~= nil, "acpi.rsdp (EARLY_ACPI)")
check(package.path == "/boot/lua/?.lua", "package.path searches loader.lua_path")
check(require("hook") == require("hook"), "require loads a module once")

check(loader.getenv("kernelname") == nil, "no kernelname before a kernel is loaded")
loader.setenv("module_path", "/boot/kernel")
check(loader.perform("load kernel") == loader.CMD_OK, "load kernel (found in module_path)")
check(loader.getenv("kernelname") == "/boot/kernel/kernel", "load sets kernelname")
check(loader.perform("load /boot/kernel/kernel") == loader.CMD_ERROR, "a second kernel is refused")
check(loader.perform("unload") == loader.CMD_OK and loader.getenv("kernelname") == nil,
    "unload clears kernelname")
check(loader.perform("load /boot/t/data.txt") == loader.CMD_ERROR, "load of a non-ELF file fails")
loader.unsetenv("module_path")

t.done()
