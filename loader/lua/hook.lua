--
-- hook: named points where other scripts (a local.lua, say) attach
-- functions, as FreeBSD's hook module has them.  A module registers the
-- types it runs (config.loaded, config.reloaded, kernel.loaded,
-- modules.loaded); anyone may then register functions for them.
--
local hook = {}

local registered = {}

function hook.registerType(hooktype)
	registered[hooktype] = {}
end

function hook.register(hooktype, func)
	local list = registered[hooktype]
	if list == nil then
		print("Tried registering a hook for an unknown hook type: " .. hooktype)
		return
	end
	list[#list + 1] = func
end

-- Runs the functions of a type in the order they came; returns how many.
function hook.runAll(hooktype)
	local list = registered[hooktype]
	if list == nil then
		print("Tried to run hooks for an unknown hook type: " .. hooktype)
		return 0
	end
	for _, func in ipairs(list) do
		func()
	end
	return #list
end

return hook
