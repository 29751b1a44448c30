--
-- FreeBSD's lfs module of the loader (stand/liblua/lfs.c): dir and
-- attributes.  /boot/t holds data.txt (34 bytes) and the directory sub.
--
local t = dofile("/boot/t/api/check.lua").new("lfs")
local check = t.check

check(lfs.DT_DIR == 4 and lfs.DT_REG == 8 and lfs.DT_UNKNOWN == 0, "DT_* constants")
local seen = {}
for name, ftype in lfs.dir("/boot/t") do
	seen[name] = ftype
end
check(seen["data.txt"] == lfs.DT_REG, "dir: data.txt is DT_REG")
check(seen["sub"] == lfs.DT_DIR, "dir: sub is DT_DIR")
check(seen["."] ~= nil and seen[".."] ~= nil, "dir: . and .. are listed")
check(lfs.dir("/boot/t/no-such-dir") == nil, "dir of a missing directory: nil")
check(lfs.dir() == nil, "dir with no argument: nil")

check(lfs.attributes("/boot/t/data.txt", "mode") == "file", "attributes(file, \"mode\")")
check(lfs.attributes("/boot/t/sub", "mode") == "directory", "attributes(dir, \"mode\")")
check(lfs.attributes("/boot/t/data.txt", "size") == 34, "attributes(file, \"size\")")
local at = lfs.attributes("/boot/t/data.txt")
check(type(at) == "table" and at.mode == "file" and at.size == 34, "attributes(file): a table")
local mine = {}
check(lfs.attributes("/boot/t", mine) == mine and mine.mode == "directory", "attributes fills a given table")
local r, msg, errno = lfs.attributes("/boot/t/no-such-file")
check(r == nil and msg:find("cannot obtain information from file", 1, true) ~= nil and errno == 2,
    "attributes of a missing file: nil, message, ENOENT")
check(not pcall(lfs.attributes, "/boot/t/data.txt", "bogus"), "an invalid attribute name raises")

t.done()
