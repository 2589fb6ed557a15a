/* placeholder so the mixer layer builds until its first source lands; removed then */
typedef int pacm_mixer_placeholder_unused;
