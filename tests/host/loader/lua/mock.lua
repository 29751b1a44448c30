-- Runs Sanpo's boot scripts (loader/lua) under the host's stock Lua 5.4
-- with the loader's modules mocked over a directory standing for the ESP.
-- usage: lua5.4 mock.lua TOP ESPDIR
local TOP, ROOT = arg[1], arg[2]
package.path = TOP .. "/loader/lua/?.lua"

env, performed, printed = {}, {}, {}
local real_open, real_print = io.open, print
print = function(...)
	local t = {}
	for i = 1, select("#", ...) do t[#t + 1] = tostring(select(i, ...)) end
	printed[#printed + 1] = table.concat(t, "\t")
end

-- The loader's modules, FreeBSD-shaped: commands take words; CMD_ERROR is 2.
local function run(line)
	performed[#performed + 1] = line
	if line:match("missing") then print("load: missing: no such module") return 2 end
	return 0
end
loader = {
	lua_path = "/boot/lua", machine_arch = "amd64", version = 100,
	CMD_OK = 0, CMD_ERROR = 2,
	getenv = function(k) return env[k] end,
	setenv = function(k, v) env[k] = v return 0 end,
	unsetenv = function(k) if env[k] == nil then return 1 end env[k] = nil return 0 end,
	perform = run,
	command = function(...) return run(table.concat({ ... }, " ")) end,
	parse = function(line)
		local w = {}
		for x in line:gmatch("%S+") do w[#w + 1] = x end
		return table.unpack(w)
	end,
	printc = function(s) printed[#printed + 1] = s end,
	time = function() return 0 end,
	delay = function() end,
}
printc = loader.printc
-- FreeBSD's io: open gives a handle, io.read(f) the whole file, io.close(f).
io = {
	open = function(p, m)
		local f = real_open(ROOT .. p, m)
		if f == nil then return nil, p .. ": no such file or directory" end
		return f
	end,
	read = function(f) local t = f:read("a") return t, #t end,
	close = function(f) return f:close() end,
	ischar = function() return false end,
}
dofile = function(p) return assert(loadfile(ROOT .. p))() end
local function isdir(p) return os.execute("test -d '" .. ROOT .. p .. "'") == true end
lfs = {
	DT_DIR = 4, DT_REG = 8,
	attributes = function(p, field)
		local mode
		if isdir(p) then mode = "directory"
		elseif real_open(ROOT .. p) then mode = "file" end
		if mode == nil then return nil, "cannot obtain information from file '" .. p .. "'", 2 end
		if field then return field == "mode" and mode or nil end
		return { mode = mode }
	end,
	dir = function(p)
		if not isdir(p) then return nil end
		local h = io.popen("ls -a '" .. ROOT .. p .. "'")
		local names = {}
		for n in h:lines() do names[#names + 1] = n end
		h:close()
		local i = 0
		return function()
			i = i + 1
			if names[i] == nil then return nil end
			return names[i], isdir(p .. "/" .. names[i]) and 4 or 8
		end
	end,
}
io.popen = require("io").popen

local function check(cond, what)
	if not cond then real_print("FAIL " .. what) else real_print("PASS " .. what) end
end
local function printedHas(s)
	for _, l in ipairs(printed) do if l:find(s, 1, true) then return true end end
	return false
end

require("cli")
local config = require("config")
local core = require("core")
local hook = require("hook")
local loaded_hook = 0
hook.register("config.loaded", function() loaded_hook = loaded_hook + 1 end)
try_include("local")
check(env["sanpo.fromlocal"] == "yes", "try_include runs local.lua from loader.lua_path")
config.load()
check(loaded_hook == 1, "config.loaded hook ran once")
check(env["sanpo.a"] == "plain value", "quoted value")
check(env["sanpo.b"] == "unquoted", "unquoted value with trailing comment")
check(env["sanpo.c"] == "", "empty value")
check(env["sanpo.after"] == "still applied", "lines after an error apply")
check(env["sanpo.local"] == "local", "loader.conf.local read")
check(env["sanpo.override"] == "from d/20", "loader.conf.d in order, later wins")
check(env["sanpo.ignored"] == nil, "loader.conf.d/*.txt ignored")
check(env["rd_load"] == nil and env["rd_type"] == nil, "module settings stay out of the env")
check(env["exec"] == nil and performed[1] == "echo exec", "exec= runs at once")
check(printedHas("/boot/loader.conf:5: expected '=' after the variable name"), "error file:line (no =)")
check(printedHas("/boot/loader.conf:6: unterminated quoted value"), "error file:line (quote)")
check(printedHas("/boot/loader.conf:7: unexpected text after the value"), "error file:line (junk)")
check(printedHas("/boot/loader.conf.d/10-a.conf:1: expected a variable name"), "error in conf.d names its file")
check(printedHas("/boot/loader.conf.local:2: NUL byte in the line, ignored"), "a NUL byte is an error")
check(env["sanpo.nul"] == nil, "a line with a NUL byte sets nothing")
check(config.errors == 5, "five lines in error, got " .. config.errors)
check(env["sanpo.extra"] == "from extra", "loader_conf_files named in loader.conf.local read after it")
check(env["loader_conf_files"] == nil, "loader_conf_files stays out of the env")
check(env["sanpo.nextboot"] == "once" and env["nextboot_enable"] == "NO", "nextboot.conf applied, then disabled")

performed = {}
check(config.loadModules() == false, "a missing module fails loadModules")
local want = { "echo before", "load -t md_image /boot/rd.img -v", "echo after", "load missing" }
check(table.concat(performed, "|") == table.concat(want, "|"),
    "module commands: " .. table.concat(performed, "|"))
check(printedHas("Failed to load module 'missing' (missing)"), "failed module named")
performed = {}
config.loadModules()
check(#performed == 0, "modules load once")

for _, c in ipairs({ { nil, 10 }, { "NO", nil }, { "no", nil }, { "-1", -1 }, { "0", 0 },
    { "5", 5 }, { "abc", 10 }, { "2.5", 10 }, { "-3", 10 } }) do
	env.autoboot_delay = c[1]
	check(core.autobootDelay() == c[2], "autoboot_delay=" .. tostring(c[1]))
end

local menu = require("menu")
env.boot_single, env.boot_verbose = nil, nil
check(menu.key(54) == nil and env.boot_single == "YES", "6 turns single user on")
check(core.isSingleUserBoot(), "core.isSingleUserBoot follows boot_single")
check(menu.key(54) == nil and env.boot_single == nil, "6 turns it off again")
check(menu.key(118) == nil and env.boot_verbose == "YES", "v turns verbose on")
check(menu.key(51) == "prompt" and menu.key(27) == "prompt", "3 and Esc: the prompt")
check(env.autoboot_delay == "NO", "escaping to the prompt stops its countdown")
check(menu.key(13) == "boot" and menu.key(49) == "boot", "Enter and 1 boot")
check(menu.key(50) == "boot" and env.boot_single == "YES", "2 boots single user")
local ks = core.kernelList()
check(table.concat(ks, ",") == "kernel,kernel.old", "kernel list: " .. table.concat(ks, ","))

core.setDefaults()
check(env.boot_single == nil and env.boot_verbose == nil, "setDefaults: flags as loader.conf left them")
core.setVerbose()
check(env.boot_verbose == "YES", "setVerbose() with no argument toggles")
check(core.KEY_ENTER == 13 and core.KEY_BACKSPACE == 8 and core.KEY_DELETE == 127, "KEY_* constants")
performed = {}
cli_execute("boot", "-s")
check(performed[#performed] == "boot -s", "cli boot -s performs boot -s: " .. tostring(performed[#performed]))
performed = {}
cli_execute("autoboot", "5")
check(performed[#performed] == "autoboot 5", "cli autoboot 5 performs autoboot 5")
check(cli_execute("nosuch", "x") == 0 and performed[#performed] == "nosuch x", "other commands go to loader.command")
