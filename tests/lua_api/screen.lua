--
-- Draws with the escape sequences FreeBSD's screen.lua, color.lua and
-- drawer.lua print (cursor position, clear, colours, UTF-8 frames) and
-- with code page 437 frame bytes (older drawer.lua), between two marker
-- lines.  The boot test renders the serial bytes with a terminal emulator
-- (pyte) and checks each cell.
--
local CSI = "\027["
local function at(x, y) printc(CSI .. y .. ";" .. x .. "H") end

print("SCREEN-BEGIN")
printc(CSI .. "H" .. CSI .. "J")
-- a double frame, 20 wide and 5 high, at column 3, row 2 (1-based)
at(3, 2) printc("\xE2\x95\x94" .. string.rep("\xE2\x95\x90", 18) .. "\xE2\x95\x97")
for y = 3, 5 do
	at(3, y) printc("\xE2\x95\x91")
	at(22, y) printc("\xE2\x95\x91")
end
at(3, 6) printc("\xE2\x95\x9A" .. string.rep("\xE2\x95\x90", 18) .. "\xE2\x95\x9D")
at(5, 3) printc("1. " .. CSI .. "1mB" .. CSI .. "22moot " .. CSI .. "31mred" .. CSI .. "37m")
at(5, 4) printc("overwritten text")
at(5, 4) printc(CSI .. "K")
at(5, 4) printc("kept")
-- code page 437 bytes, one printc each as FreeBSD 12's drawer.lua prints
-- its frame: a single frame corner, line and corner
at(30, 2) printc("\xDA") printc("\xC4") printc("\xBF")
-- relative moves and a saved cursor
at(40, 10) printc("\0277" .. "A" .. CSI .. "2B" .. CSI .. "3D" .. "B" .. "\0278" .. "C")
at(1, 25)
print("SCREEN-END")
