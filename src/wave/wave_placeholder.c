/* placeholder so the wave layer builds until its first source lands; removed then */
typedef int pacm_wave_placeholder_unused;
