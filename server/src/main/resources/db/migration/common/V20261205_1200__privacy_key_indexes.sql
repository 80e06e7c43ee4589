-- Indexes on the columns the table registry (privacy/tables.tsv) names as a row's tie to a data
-- subject, where none led with them: erasure and export find a subject's rows through them, and the
-- purge of subject records asks each of them whether anything still refers to a subject.
CREATE INDEX privacy_notice_item_subject ON notice_item (subject_id);
CREATE INDEX privacy_review_case_subject ON review_case (subject_id);
CREATE INDEX privacy_case_reporter_reporter ON case_reporter (reporter_key);
CREATE INDEX privacy_statement_subject ON statement_of_reasons (subject_id);
CREATE INDEX privacy_statement_recipient ON statement_of_reasons (recipient_id);
CREATE INDEX privacy_appeal_appellant ON appeal (appellant_ref);
CREATE INDEX privacy_safety_task_subject ON safety_task (subject_id);
CREATE INDEX privacy_review_sweep_item_subject ON review_sweep_item (subject_id);
CREATE INDEX privacy_e2e_report_reporter ON e2e_report (reporter_id);
CREATE INDEX privacy_e2e_report_sender ON e2e_report (sender_id);
CREATE INDEX privacy_e2e_report_subject ON e2e_report (subject_id);
CREATE INDEX privacy_e2e_rejection_reporter ON e2e_rejection (reporter_id);
CREATE INDEX privacy_user_notice_account ON user_notice (account_id);
CREATE INDEX privacy_media_preservation_subject ON media_preservation (subject_id);
-- The purge of subject records walks them by their last update.
CREATE INDEX privacy_subject_updated ON subject (updated_at);
CREATE INDEX privacy_notice_reporter ON notice (reporter_key);
