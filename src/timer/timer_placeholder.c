/* placeholder so the timer layer builds until its first source lands; removed then */
typedef int pacm_timer_placeholder_unused;
