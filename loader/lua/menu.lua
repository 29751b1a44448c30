--
-- menu: the boot menu, for a serial console: numbers and letters choose,
-- no arrows or colours needed.  During the countdown any key stops it (and
-- is taken as a choice); Enter boots.
--
local core = require("core")

local menu = {}

local kernels, kernel_idx

local function onoff(var)
	return core.getOption(var) and "on" or "off"
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
	row("  6. Single user: " .. onoff("boot_single"))
	row("  7. [V]erbose: " .. onoff("boot_verbose"))
	print(" |" .. string.rep("_", 46) .. "|")
end

-- Acts on one key; returns "boot", "prompt" or nil (redraw and wait).
function menu.key(c)
	if c == 13 or c == 10 or c == 49 or c == 98 or c == 66 then	-- Enter 1 b B
		return "boot"
	elseif c == 50 or c == 115 or c == 83 then			-- 2 s S
		core.setOption("boot_single", true)
		return "boot"
	elseif c == 51 or c == 27 or c == 112 or c == 80 then		-- 3 Esc p P
		return "prompt"
	elseif c == 52 or c == 114 or c == 82 then			-- 4 r R
		loader.reboot()
	elseif c == 53 or c == 107 or c == 75 then			-- 5 k K
		kernel_idx = kernel_idx % #kernels + 1
		loader.setenv("kernel", kernels[kernel_idx])
	elseif c == 54 then						-- 6
		core.toggleOption("boot_single")
	elseif c == 55 or c == 118 or c == 86 then			-- 7 v V
		core.toggleOption("boot_verbose")
	end
	return nil
end

local function doBoot()
	core.boot()
	-- The boot failed (its error is on the screen): back to the menu.
end

-- Runs the menu; returns when the user escapes to the prompt.
-- no_autoboot: just wait for a choice (an autoboot already failed).
function menu.run(no_autoboot)
	kernels = core.kernelList()
	kernel_idx = 1
	local delay = nil
	if not no_autoboot then
		delay = core.autobootDelay()
	end
	if delay == -1 then
		core.boot()
		return
	end
	if delay == 0 then
		-- At once, unless a key is already waiting (then: the menu).
		if not io.ischar() then
			doBoot()
		end
		delay = nil
	elseif delay ~= nil then
		menu.draw()
	end
	if delay ~= nil then
		for left = delay, 1, -1 do
			loader.printc(string.format("\rAutoboot in %d second%s. [Space] to pause ",
			    left, left == 1 and "" or "s"))
			local c = io.getkey(1000000)
			if c ~= nil then
				print("")
				local what = c ~= 32 and menu.key(c) or nil
				if what == "prompt" then
					return
				elseif what == "boot" then
					doBoot()
				end
				delay = nil
				break
			end
		end
		if delay ~= nil then
			loader.printc("\r                                          \r")
			doBoot()
		end
	end
	while true do
		menu.draw()
		loader.printc("Choice: ")
		local c = io.getkey()
		print("")
		local what = menu.key(c)
		if what == "prompt" then
			return
		elseif what == "boot" then
			doBoot()
		end
	end
end

return menu
