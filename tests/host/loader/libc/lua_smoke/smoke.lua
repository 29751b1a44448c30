-- Lua smoke test chunk: run by the freestanding build (loader/libc) and by
-- Debian's lua5.4 (glibc); the two outputs must be identical.  Nothing here
-- may depend on addresses, time or table iteration order.
local p = print
local vals = {0, -0.0, 1, -1, 0.1, 1/3, 2/3, 1e15, 1e16, 1e100, 1e-300, 2^53,
  2^63, -2^63, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
  math.pi, -math.pi, 1/0, -1/0, 123456789012345678, 0.5, 2.5, 1e21, 1e-5}
for _, v in ipairs(vals) do
  p(v, tostring(v), string.format(
    "%.14g|%g|%e|%.3f|%a|%.17g|%5.1f|%-10.3e|%+.0f|%.99f",
    v, v, v, v, v, v, v, v, v, v))
end
p(math.maxinteger, math.mininteger, 7 // 2, -7 // 2, 7 % -3, -7 % 3,
  7.5 % 2, -7.5 % 2, 3 / 2, 2^10, 10 // 0.0, -10 % math.huge, 5.3 % -2)
p(string.format("%d %5d %-5d| %x %X %o %c %q %s %10.4s|", 42, -42, 7, 255,
  255, 8, 65, "a\nb\0c", "str", "abcdefgh"))
p(string.format("%q", 0.1), string.format("%q", 1/0),
  string.format("%q", math.mininteger), string.format("%q", 2^-1074))
for _, s in ipairs{"0x10", "0x1p4", "1e10", "  12  ", "0x.8", "1e400",
    "-1e-400", ".5", "5.", "0x7fffffffffffffff", "0xffffffffffffffff",
    "9223372036854775808", "1e", "abc", "0x1.8p3", "inf", "nan",
    "1.7976931348623157e308", "4.9e-324", "0.1e-310", "123456789012345678901234567890",
    "2.2250738585072011e-308", "  -0x1P-3  ", "1 2"} do
  p(s, tonumber(s), math.type(tonumber(s)))
end
for _, x in ipairs{0.5, 1, 2, 10, 100, 1e-5, 0.7853981633974483, 3, -2.5,
    1e10, 1e22, 710, -746, 1e300} do
  p(x, math.sin(x), math.cos(x), math.tan(x), math.exp(x), math.log(math.abs(x)),
    math.log(math.abs(x), 2), math.log(math.abs(x), 10), math.sqrt(math.abs(x)),
    math.floor(x), math.ceil(x), math.fmod(x, 0.3), math.atan(x),
    math.atan(x, -1), x ^ 0.5, x ^ 3)
end
for _, x in ipairs{-1, -0.5, 0, 0.5, 1, 0.999999, 1e-10} do
  p(math.asin(x), math.acos(x))
end
p(2^0.5, 10^-2, 0^0, math.huge^0, math.ult(1, -1), math.tointeger(3.0),
  math.modf(3.7), math.modf(-3.7), math.modf(1/0), math.abs(math.mininteger))
p(("hello world"):find("o w"), ("hello"):rep(3, ","), ("abc"):upper(),
  ("ABC"):lower(), ("%d+"):len(), ("  trim  "):match("^%s*(.-)%s*$"))
p(string.gsub("hello world from lua", "(%w+)", "<%1>"))
p(string.match("key = value", "(%w+)%s*=%s*(%w+)"))
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do p(k, v) end
p(string.byte("ABC", 1, -1), string.char(72, 105), ("x"):rep(0))
p(#string.pack("i4d", 1, 2.5), string.unpack("i4", string.pack("i4", -5)),
  string.unpack("d", string.pack("d", 0.1)))
p(utf8.char(72, 228, 8364, 128512), utf8.len("h\xc3\xa4ll\xe2\x82\xac"))
p(string.format("%5.2s|%.20f|%.0e|%#x|%i|%-8d|%08.3f", "xyz", 1/3, 12345.678,
  255, 3, 12, -3.14159))
local t = {}
for i = 1, 200 do t[i] = (i * 7919) % 211 end
table.sort(t)
p(t[1], t[100], t[200], #t)
table.sort(t, function(a, b) return a > b end)
p(t[1], t[200], table.concat(t, ",", 1, 10))
p(table.unpack({1, 2, 3}))
p(pcall(error, "boom"))
p(pcall(function() local x = nil; return x.y end))
p(select('#', pcall(error)))
p(pcall(string.rep, "x", -1))
local co = coroutine.wrap(function(a)
  local b = coroutine.yield(a + 1)
  error("in co " .. b)
end)
p(co(1))
p(pcall(co, 5))
local function rec(n) return rec(n + 1) + 1 end
local ok, err = pcall(rec, 1)
p(ok, (tostring(err):gsub("^.-:%d+: ", "")))
local big = {}
for i = 1, 100000 do big[i] = tostring(i) .. "x" end
p(#big, big[99999])
big = nil
collectgarbage()
collectgarbage()
local s = {}
for i = 1, 1000 do s[#s + 1] = string.rep("ab", i % 50) end
p(#table.concat(s))
math.randomseed(42)
p(math.random(1, 100), math.random(1, 100), math.random(), math.random(0))
p(3 == 3.0, math.type(3), math.type(3.0), 1e100 // 1, 2^63 == math.mininteger,
  string.format("%.0f", 2^63), 100 // 1e-300, 1e308 * 10, -1e308 * 10)
p(tostring(1e15), tostring(1e16), tostring(-0.0), 2^-1074, 2^-1022, 2^1023)
p(load("return 1 + 2")(), load("syntax error here"))
p(string.format("%.14g", 0.1 + 0.2), 0.1 + 0.2 == 0.3, 1e15 + 0.3)
local acc = 0
for i = 1, 10000 do acc = acc + math.sin(i) * math.exp(-i / 5000) end
p(acc, string.format("%.12e", acc))
