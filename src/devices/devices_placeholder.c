/* placeholder so the devices layer builds until its first source lands; removed then */
typedef int pacm_devices_placeholder_unused;
