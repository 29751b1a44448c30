--
-- The checker every API test script uses: check(ok, what) prints a PASS or
-- FAIL line; done() prints "DONE <module>: <n> checks, <k> failed".
-- The scripts run at the loader's OK prompt (tests/boot) and under the
-- host harness of the Lua bindings (tests/host): the same file, both ways.
--
local M = {}

function M.new(module)
	local t = { module = module, n = 0, failed = 0 }
	function t.check(ok, what)
		t.n = t.n + 1
		if ok then
			print("PASS " .. module .. ": " .. what)
		else
			t.failed = t.failed + 1
			print("FAIL " .. module .. ": " .. what)
		end
	end
	function t.done()
		print(string.format("DONE %s: %d checks, %d failed", module, t.n, t.failed))
	end
	return t
end

return M
