# build/disk.img: GPT + ESP with the files esp.layout names.
ESP_LAYOUT	:= disk-image/esp.layout
ESP_FILES	:= $(LOADER) $(KERNEL) $(KMOD_FILES) $(ROOTFS) disk-image/loader.conf $(wildcard loader/lua/*.lua)

$(BUILD)/disk.img: $(ESP_LAYOUT) $(ESP_FILES) disk-image/mkimage.sh $(DEPS_STAMP)
	@disk-image/mkimage.sh $(ESP_LAYOUT) $(BUILD) $@
