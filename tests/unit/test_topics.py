"""The topic taxonomy: every block the diagnostic names has topics, and lookup is forgiving."""

from __future__ import annotations

from matcher.topics import TEACHER_BLOCKS, taxonomy


def test_each_block_of_the_teachers_deficit_diagnostic_has_teacher_topics():
    tax = taxonomy()
    for block in TEACHER_BLOCKS:
        assert [t for t in tax.for_audience("teacher") if t.block == block], block


def test_topics_named_in_the_design_are_present():
    wanted = {"exam_preparation", "digital_tools", "working_with_parents", "inclusion",
              "gifted_children", "project_work", "academic_lag", "career_choice", "olympiads"}
    assert wanted <= set(taxonomy().ids)


def test_lookup_accepts_ids_labels_and_synonyms_in_any_case_and_with_yo():
    tax = taxonomy()
    assert tax.resolve("exam_preparation") == "exam_preparation"
    assert tax.resolve("ЕГЭ") == "exam_preparation"
    assert tax.resolve("  работа с РОДИТЕЛЯМИ ") == "working_with_parents"
    assert tax.resolve("Работа с одаренными детьми") == "gifted_children"  # е for ё
    assert tax.resolve("вязание") is None


def test_a_misspelt_topic_gets_the_closest_suggestion():
    assert taxonomy().suggest("методка преподавания").id == "teaching_methods"
    assert taxonomy().suggest("zzzz") is None


def test_new_practice_topics_are_the_only_ones_reverse_mentoring_covers():
    new = {t.id for t in taxonomy() if t.new_practice}
    assert {"digital_tools", "distance_learning", "new_technologies"} == new
