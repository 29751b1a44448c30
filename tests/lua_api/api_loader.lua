--
-- FreeBSD's loader module as loader.lua(8) and stand/liblua/lutils.c
-- define it: each function's return values and types.
--
local t = dofile("/boot/t/api/check.lua").new("loader")
local check = t.check

check(type(loader) == "table", "loader is a global table, no require needed")
check(loader.CMD_OK == 0 and loader.CMD_WARN == 1 and loader.CMD_ERROR == 2 and
    loader.CMD_CRIT == 3 and loader.CMD_FATAL == 4, "CMD_OK..CMD_FATAL are 0..4")
check(loader.machine == "amd64" and loader.machine_arch == "amd64", "machine, machine_arch")
check(loader.lua_path == "/boot/lua", "lua_path is the scripts' directory")
check(math.type(loader.version) == "integer", "version is an integer")

-- features: the enabled ones, each with its description
check(type(loader.features) == "table", "features is a table")
local nfeat = 0
for name, desc in pairs(loader.features) do
	nfeat = nfeat + 1
	check(type(desc) == "string" and loader.has_feature(name) == true,
	    "feature " .. name .. " has a description and is enabled")
end
check(loader.features.EARLY_ACPI ~= nil, "EARLY_ACPI is a feature")
local r, msg = loader.has_feature("NO_SUCH_FEATURE")
check(r == nil and msg == "Feature not enabled", "has_feature: nil, \"Feature not enabled\"")
check(select("#", loader.has_feature("NO_SUCH_FEATURE")) == 2, "has_feature: two values when absent")
check(not pcall(loader.has_feature), "has_feature needs a name")

-- has_command: built-in commands only
check(loader.has_command("echo") == true, "has_command(\"echo\") is true")
r, msg = loader.has_command("no-such-command")
check(r == nil and msg == "Builtin command not found", "has_command: nil, \"Builtin command not found\"")

-- the environment
check(loader.setenv("t.api.a", "1") == 0, "setenv returns 0")
check(loader.getenv("t.api.a") == "1", "getenv reads it back")
check(loader.setenv("t.api.a", "two") == 0 and loader.getenv("t.api.a") == "two", "setenv replaces")
check(loader.getenv("t.api.never") == nil, "getenv of an unset variable: nil")
check(loader.unsetenv("t.api.a") == 0 and loader.getenv("t.api.a") == nil, "unsetenv returns 0 and removes")
check(loader.unsetenv("t.api.a") ~= 0, "unsetenv of an unset variable: non-zero")
check(loader.setenv("bad name", "x") ~= 0, "setenv of a bad name: non-zero")
check(not pcall(loader.getenv), "getenv needs a name")
check(not pcall(loader.setenv, "t.api.b"), "setenv needs a value")

-- perform, command, command_error
check(loader.perform("echo from perform") == loader.CMD_OK, "perform: CMD_OK")
check(loader.perform("no-such-cmd x") == loader.CMD_ERROR, "perform of an unknown command: CMD_ERROR")
check(loader.command_error() == "no-such-cmd: unknown command", "command_error says why")
check(loader.command("set", "t.api.b=2") == loader.CMD_OK and loader.getenv("t.api.b") == "2",
    "command takes the words already split")
check(loader.command() == loader.CMD_OK, "command with no words: CMD_OK")
-- set cuts name=value in place: command must hand it copies, not Lua's
-- immutable, interned strings (the constant became 't.api.e\0YES').
for _ = 1, 2 do loader.command("set", "t.api.e=YES") end
check(loader.getenv("t.api.e") == "YES" and ("t.api.e=YES"):find("=", 1, true) == 8,
    "command leaves its argument strings alone")
check(loader.perform("unset t.api.nothing") == loader.CMD_ERROR, "a failing command: CMD_ERROR")
check(loader.perform(string.rep("x", 600)) == loader.CMD_ERROR, "an over-long line: CMD_ERROR")
check(loader.command_error() == "command line longer than 511 characters",
    "command_error says the line is too long")
check(loader.perform("set t.api.c=1; set t.api.d='x y'") == loader.CMD_OK and
    loader.getenv("t.api.c") == "1" and loader.getenv("t.api.d") == "x y",
    "perform runs each command of a line, split as the prompt splits it")
check(loader.perform("echo 'open") == loader.CMD_ERROR and
    loader.command_error() == "unterminated quote", "perform of a bad line: CMD_ERROR and why")

-- parse
local w = { loader.parse('boot -s "a b" c') }
check(#w == 4 and w[1] == "boot" and w[2] == "-s" and w[3] == "a b" and w[4] == "c",
    "parse splits words, honouring quotes")
check(select("#", loader.parse("")) == 0, "parse of an empty line: no values")
check(loader.parse(string.rep("x ", 300)) == nil, "parse of an over-long line: nil")

-- interpret: Lua first, then commands
check(loader.interpret("t_api_interp = 6 * 7") == loader.CMD_OK and t_api_interp == 42,
    "interpret runs a Lua chunk")
check(loader.interpret("set t.api.c=3") == loader.CMD_OK and loader.getenv("t.api.c") == "3",
    "interpret runs a command line")
check(loader.interpret() == nil and loader.interpret("a", "b") == nil,
    "interpret with other than one argument: nil")

-- time, delay
check(math.type(loader.time()) == "integer" and loader.time() > 1600000000,
    "time: an integer, seconds since 1970")
check(select("#", loader.delay(1000)) == 0, "delay returns nothing")
check(not pcall(loader.delay), "delay needs a number")

-- printc, also global
check(type(printc) == "function" and printc == loader.printc, "printc is the global loader.printc")
check(printc("") == "", "printc returns its argument")
check(not pcall(printc), "printc needs a string")
check(type(loader.exit) == "function", "exit is there")

t.done()
