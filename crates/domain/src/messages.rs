//! Message and attachment enums (`app/models/message.rb`, `app/models/attachment.rb`) and the
//! limits the Message model validates.

use crate::enums::int_enum;

int_enum!(
    /// `messages.message_type`. Views show the integer (`message_type_before_type_cast`).
    MessageType { Incoming = 0 => "incoming", Outgoing = 1 => "outgoing", Activity = 2 => "activity", Template = 3 => "template" }
);

int_enum!(
    /// `messages.content_type`.
    ContentType {
        Text = 0 => "text", InputText = 1 => "input_text", InputTextarea = 2 => "input_textarea",
        InputEmail = 3 => "input_email", InputSelect = 4 => "input_select", Cards = 5 => "cards",
        Form = 6 => "form", Article = 7 => "article", IncomingEmail = 8 => "incoming_email",
        InputCsat = 9 => "input_csat", Integrations = 10 => "integrations", Sticker = 11 => "sticker",
        VoiceCall = 12 => "voice_call",
    }
);

int_enum!(
    /// `messages.status`.
    MessageStatus { Sent = 0 => "sent", Delivered = 1 => "delivered", Read = 2 => "read", Failed = 3 => "failed" }
);

int_enum!(
    /// `attachments.file_type`.
    FileType {
        Image = 0 => "image", Audio = 1 => "audio", Video = 2 => "video", File = 3 => "file",
        Location = 4 => "location", Fallback = 5 => "fallback", Share = 6 => "share",
        StoryMention = 7 => "story_mention", Contact = 8 => "contact", IgReel = 9 => "ig_reel",
    }
);

impl FileType {
    /// The file type of an upload by its content type, as `MessageBuilder#file_type` decides:
    /// image/video/audio by prefix, everything else a plain file.
    pub fn of_content_type(content_type: &str) -> FileType {
        let ct = content_type.to_ascii_lowercase();
        if ct.starts_with("image/") {
            FileType::Image
        } else if ct.starts_with("video/") {
            FileType::Video
        } else if ct.starts_with("audio/") {
            FileType::Audio
        } else {
            FileType::File
        }
    }

    /// Types backed by a stored file (`Attachment#with_attached_file?`).
    pub fn has_file(self) -> bool {
        matches!(
            self,
            FileType::Image | FileType::Audio | FileType::Video | FileType::File
        )
    }
}

/// `validates :content, length: { maximum: 150_000 }`.
pub const MAX_CONTENT_LENGTH: usize = 150_000;
/// `Message::NUMBER_OF_PERMITTED_ATTACHMENTS`.
pub const MAX_ATTACHMENTS: usize = 15;
/// Text upstream writes over a deleted message (`messages_controller#destroy`).
pub const DELETED_CONTENT: &str = "This message was deleted";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_match_rails_values() {
        assert_eq!(MessageType::parse("outgoing"), Some(MessageType::Outgoing));
        assert_eq!(ContentType::ALL.len(), 13);
        assert_eq!(ContentType::VoiceCall.as_i32(), 12);
        assert_eq!(MessageStatus::parse("read").map(|s| s.as_i32()), Some(2));
        assert_eq!(FileType::of_content_type("image/png"), FileType::Image);
        assert_eq!(FileType::of_content_type("application/pdf"), FileType::File);
    }
}
