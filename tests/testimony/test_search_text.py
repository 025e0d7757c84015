from testimony.search.text import cjk_terms, fold, latin_text, query_words


def test_cjk_runs_become_overlapping_bigrams():
    assert cjk_terms("清津市 청진항") == ["清津", "津市", "청진", "진항"]
    assert cjk_terms("港 a") == ["港"]  # a lone character stays as it is


def test_latin_text_is_folded_and_cjk_left_out():
    assert fold("Pyŏngyang ＣＨＯＮＧＪＩＮ Ōsaka") == "pyongyang chongjin osaka"
    assert latin_text("Chongjin 청진 port").split() == ["chongjin", "port"]


def test_query_words_keep_each_cjk_run_whole():
    assert query_words("청진 Camps, 田中!") == ["청진", "camps", "田中"]
    assert query_words("\x00 ;; ") == []


def test_inner_apostrophes_of_romanisations_are_dropped():
    assert fold("Ch'ŏngjin") == fold("Ch\u2019ŏngjin") == fold("CHONGJIN") == "chongjin"
    assert query_words("P'yŏngyang 'quoted'") == ["pyongyang", "quoted"]
