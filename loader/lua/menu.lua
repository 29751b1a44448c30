--
-- menu: the boot menu, for a serial console: numbers and letters choose,
-- no arrows needed.  During the countdown any key stops it (and is taken
-- as a choice); Enter boots.  Escaping to the prompt sets autoboot_delay
-- to "NO", as FreeBSD's menu does, so the prompt does not count down again.
--
local cli = require("cli")
local config = require("config")
local core = require("core")

local menu = {}

local kernels, kernel_idx

local function onoff(on)
	return on and "on" or "off"
end

local function row(text)
	print(" |" .. string.format("%-46s", text) .. "|")
end

function menu.draw()
	local k = kernels[kernel_idx]
	print("")
	print("  " .. string.rep("_", 46))
	row("  Sanpo boot menu")
	row("")
	row("  1. Boot Sanpo [Enter]")
	row("  2. Boot [S]ingle user")
	row("  3. [Esc]ape to loader prompt")
	row("  4. [R]eboot")
	row("")
	row("  Options:")
	row(string.format("  5. [K]ernel: %s (%d of %d)", k, kernel_idx, #kernels))
	row("  6. Single user: " .. onoff(core.isSingleUserBoot()))
	row("  7. [V]erbose: " .. onoff(core.isVerboseBoot()))
	print(" |" .. string.rep("_", 46) .. "|")
end

-- Acts on one key; returns "boot", "prompt" or nil (redraw and wait).
function menu.key(c)
	if c == core.KEY_ENTER or c == 10 or c == 49 or c == 98 or c == 66 then	-- Enter 1 b B
		return "boot"
	elseif c == 50 or c == 115 or c == 83 then			-- 2 s S
		core.setSingleUser(true)
		return "boot"
	elseif c == 51 or c == 27 or c == 112 or c == 80 then		-- 3 Esc p P
		loader.setenv("autoboot_delay", "NO")
		return "prompt"
	elseif c == 52 or c == 114 or c == 82 then			-- 4 r R
		loader.perform("reboot")
	elseif c == 53 or c == 107 or c == 75 then			-- 5 k K
		kernel_idx = kernel_idx % #kernels + 1
		config.selectKernel(kernels[kernel_idx])
	elseif c == 54 then						-- 6
		core.setSingleUser()
	elseif c == 55 or c == 118 or c == 86 then			-- 7 v V
		core.setVerbose()
	end
	return nil
end

-- The countdown; the key that stopped it, or nil when the time ran out.
function menu.countdown(delay)
	local endtime = loader.time() + delay
	local last, left
	repeat
		left = endtime - loader.time()
		if left ~= last and left > 0 then
			printc(string.format("\rAutoboot in %d second%s. [Space] to pause ",
			    left, left == 1 and "" or "s"))
			last = left
		end
		if io.ischar() then
			print("")
			return io.getchar()
		end
		loader.delay(50000)
	until left <= 0
	printc("\r                                          \r")
	return nil
end

local function doBoot()
	core.boot()
	-- The boot failed (its error is on the screen): back to the menu.
end

-- Runs the menu; returns when the user escapes to the prompt.
function menu.run()
	kernels = core.kernelList()
	kernel_idx = 1
	local delay = core.autobootDelay()
	if delay == -1 or (delay == 0 and not io.ischar()) then
		-- Booting at once: nothing to draw unless the boot fails.
		doBoot()
		delay = nil
	elseif delay == 0 then
		delay = nil		-- a key is waiting: the menu
	end
	if delay ~= nil then
		menu.draw()
		local c = menu.countdown(delay)
		if c == nil then
			cli_execute_unparsed(loader.getenv("menu_timeout_command") or "boot")
		else
			local what = c ~= 32 and menu.key(c) or nil
			if what == "prompt" then
				return
			elseif what == "boot" then
				doBoot()
			end
		end
	end
	while true do
		menu.draw()
		printc("Choice: ")
		local c = io.getchar()
		print("")
		local what = menu.key(c)
		if what == "prompt" then
			return
		elseif what == "boot" then
			doBoot()
		end
	end
end

cli["menu"] = function()
	menu.run()
end

return menu
