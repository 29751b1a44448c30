--
-- FreeBSD's io module of the loader (lutils.c): open, close, read, write,
-- getchar, ischar, gets.  /boot/t/data.txt holds DATA.
--
local t = dofile("/boot/t/api/check.lua").new("io")
local check = t.check
local DATA = "first line\nsecond line\nthird line\n"

local f = io.open("/boot/t/data.txt")
check(type(f) == "userdata", "open returns a handle")
local text, n = io.read(f)
check(text == DATA and n == #DATA, "read(f): the whole file and its length")
text, n = io.read(f)
check(text == "" and n == 0, "read at the end: \"\", 0")
check(io.close(f) == true, "close: true")
check(io.close(f) == false, "close of a closed file: false")
local r, n2 = io.read(f)
check(r == nil and n2 == 0, "read of a closed file: nil, 0")

f = io.open("/boot/t/data.txt", "r")
local a, na = io.read(f, 5)
check(a == "first" and na == 5, "read(f, 5): five bytes")
local b = io.read(f, 1000)
check(b == DATA:sub(6), "read(f, len) past the end: the rest")
io.close(f)

check(io.open("/boot/t/no-such-file") == nil, "open of a missing file: nil")
check(io.open("/boot/t/data.txt", "w") == nil, "open for writing: nil (read-only volume)")
check(io.open() == nil and io.open("/boot/t/data.txt", "r", 3) == nil, "open with 0 or 3 arguments: nil")
r, n2 = io.read()
check(r == nil and n2 == 0, "read of nothing: nil, 0")
check(io.close() == false, "close of nothing: false")

f = io.open("/boot/t/data.txt")
local wr, err, errno = io.write(f, "x")
check(wr == nil and type(err) == "string" and math.type(errno) == "integer",
    "write to a file: nil, message, errno")
io.close(f)

-- Lua's own file methods (Sanpo's) still work on the same handles
f = io.open("/boot/t/data.txt")
check(f:read("l") == "first line" and f:read("L") == "second line\n", "f:read(\"l\"), f:read(\"L\")")
f:close()
local lines = 0
for _ in io.lines("/boot/t/data.txt") do lines = lines + 1 end
check(lines == 3, "io.lines counts three lines")

-- keys: the test types "a" and the Up arrow when asked
check(type(io.ischar()) == "boolean", "ischar returns a boolean")
print("KEYS: type a, then Up")
local k1 = io.getchar()
check(k1 == 97, "getchar: 97 for a (got " .. tostring(k1) .. ")")
local k2, k3, k4 = io.getchar(), io.getchar(), io.getchar()
check(k2 == 27 and k3 == 91 and k4 == 65, "getchar: Up arrow as ESC [ A")
check(io.ischar() == false, "nothing left waiting")

t.done()
